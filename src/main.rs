//! The `seatcast` binary: a thin shell over the library's CLI and app.

fn main() -> std::process::ExitCode {
    seatcast::cli::main()
}
