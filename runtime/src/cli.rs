//! The command line of a generated crate: `list`, `validate`, `send`.

use std::process::ExitCode;

use crate::registry::{cmd_list, cmd_validate, Endpoint};

const USAGE: &str = "usage:
  list                              print every endpoint
  validate <api.endpoint> <file|->  check a JSON payload; one JSON error per line
exit codes: 0 valid, 1 invalid, 2 bad input or unknown endpoint";

/// Runs the CLI on the process arguments.
pub fn main(apis: &[&[Endpoint]]) -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    run(apis, &args)
}

/// Runs the CLI on `args` (without the program name).
pub fn run(apis: &[&[Endpoint]], args: &[String]) -> ExitCode {
    match args
        .iter()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .as_slice()
    {
        ["list"] => cmd_list(apis),
        ["validate", id, source] => cmd_validate(apis, id, source),
        ["help" | "--help" | "-h"] => {
            println!("{USAGE}");
            ExitCode::SUCCESS
        }
        _ => {
            eprintln!("{USAGE}");
            ExitCode::from(2)
        }
    }
}
