//! `cicb`: every command but `listen` and `send`, which it hands to `cicb-net`.

fn main() -> std::process::ExitCode {
    cicb::main(cicb::run)
}
