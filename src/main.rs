//! The `alumni` binary: everything is in the library.

// mimalloc: rows are read and checked on one thread and written on another,
// and the system allocator's cross-thread frees cost a million-row import
// about a quarter of its time.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    alumni::main()
}
