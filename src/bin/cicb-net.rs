//! `cicb-net`: `cicb listen` and `cicb send`, with the HTTP stack the other commands need not
//! load. `cicb listen …` runs this executable with the same arguments.

fn main() -> std::process::ExitCode {
    cicb::main(cicb::run_net)
}
