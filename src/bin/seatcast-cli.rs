//! `seatcast-cli`: a console program for Windows, where `seatcast.exe` is a
//! window program (so no console flashes behind the window) and cmd.exe
//! would neither wait for it nor see its exit code. This runs the
//! `seatcast.exe` beside it with the same arguments, in this console, waits,
//! and passes on its exit code: `seatcast-cli check 名册.xlsx`.

use std::process::{Command, ExitCode};

fn main() -> ExitCode {
    let exe = match std::env::current_exe() {
        Ok(me) => me.with_file_name(if cfg!(windows) {
            "seatcast.exe"
        } else {
            "seatcast"
        }),
        Err(e) => {
            eprintln!("seatcast-cli: cannot find where it runs from: {e}");
            return ExitCode::from(2);
        }
    };
    match Command::new(&exe)
        .args(std::env::args_os().skip(1))
        .status()
    {
        Ok(status) => match status.code() {
            Some(0) => ExitCode::SUCCESS,
            Some(code) => ExitCode::from(u8::try_from(code).unwrap_or(1)),
            None => ExitCode::from(1),
        },
        Err(e) => {
            eprintln!(
                "seatcast-cli: cannot start {}: {e} (it belongs in the same folder)",
                exe.display()
            );
            ExitCode::from(2)
        }
    }
}
