fn main() -> std::process::ExitCode {
    connect_inspector::cli::main()
}
