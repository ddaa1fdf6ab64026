fn main() -> std::process::ExitCode {
    alumni::main()
}
