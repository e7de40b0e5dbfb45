//! The `seatcast` binary: a thin shell over the library's CLI and app.
//!
//! On Windows it is a window program, so no console window flashes behind
//! the app; started from a console it attaches to it, so the commands'
//! output still shows there (`seatcast-cli.exe` runs it as a console
//! program, for scripts and cmd.exe, which does not wait for a window program).

#![cfg_attr(windows, windows_subsystem = "windows")]

fn main() -> std::process::ExitCode {
    #[cfg(windows)]
    attach_console();
    seatcast::cli::main()
}

/// Write to the console this was started from, if any (from Explorer there
/// is none, and nothing happens).
#[cfg(windows)]
fn attach_console() {
    use windows_sys::Win32::System::Console::{ATTACH_PARENT_PROCESS, AttachConsole};
    // SAFETY: AttachConsole takes a process id and only fails (returning 0)
    // when there is no parent console or one is already attached.
    unsafe {
        AttachConsole(ATTACH_PARENT_PROCESS);
    }
}
