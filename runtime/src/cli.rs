//! The command line of a generated crate: `list`, `validate`, `send`.

use std::process::ExitCode;

use crate::client::{ClientConfig, Secret};
use crate::registry::{cmd_list, cmd_validate, endpoint_and_payload, Endpoint};

const USAGE: &str = "usage:
  list                                   print every endpoint
  validate <api.endpoint> <file|->       check a JSON payload; one JSON error per line
  send <api.endpoint> <file|-> [--base-url URL] [--token TOKEN]
                                         validate, send, print the status and decoded body
The payload is one JSON object holding the endpoint's query and body fields.
send reads the credential from --token or <API>_TOKEN (e.g. LOCALIQ_TOKEN),
and the base URL from --base-url or <API>_BASE_URL (e.g. CHAT_V2_BASE_URL).
Exit codes: 0 valid / success, 1 invalid payload or an error response,
2 bad arguments, unreadable input or unknown endpoint, 3 the request failed.";

/// Runs the CLI on the process arguments.
pub fn main(apis: &[&[Endpoint]]) -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    run(apis, &args)
}

/// Runs the CLI on `args` (without the program name).
pub fn run(apis: &[&[Endpoint]], args: &[String]) -> ExitCode {
    match args.first().map(String::as_str) {
        Some("list") if args.len() == 1 => cmd_list(apis),
        Some("validate") if args.len() == 3 => cmd_validate(apis, &args[1], &args[2]),
        Some("send") if args.len() >= 3 => cmd_send(apis, &args[1], &args[2], &args[3..]),
        #[cfg(feature = "mock")]
        Some("mock") => crate::mock::cli::run(apis, &args[1..]),
        Some("help" | "--help" | "-h") => {
            println!("{USAGE}");
            #[cfg(feature = "mock")]
            println!("{}", crate::mock::cli::USAGE);
            ExitCode::SUCCESS
        }
        _ => {
            eprintln!("{USAGE}");
            ExitCode::from(2)
        }
    }
}

/// `SEND` options: flags first, then environment variables.
fn send_config(endpoint: &Endpoint, flags: &[String]) -> Result<ClientConfig, String> {
    let mut base_url = None;
    let mut token = None;
    let mut rest = flags.iter();
    while let Some(flag) = rest.next() {
        let value = || format!("{flag} needs a value");
        match flag.as_str() {
            "--base-url" => base_url = Some(rest.next().ok_or_else(value)?.clone()),
            "--token" => token = Some(rest.next().ok_or_else(value)?.clone()),
            other => return Err(format!("unknown option `{other}`")),
        }
    }
    let prefix = endpoint.api.to_uppercase();
    let base_url = base_url.or_else(|| std::env::var(format!("{prefix}_BASE_URL")).ok());
    let token = token.or_else(|| std::env::var(format!("{prefix}_TOKEN")).ok());
    let mut config = ClientConfig::default();
    if let Some(url) = base_url {
        config = config.base_url(url);
    }
    if let Some(t) = token {
        // The error never contains the token itself.
        let secret = Secret::new(t).map_err(|e| format!("the credential is not usable: {e}"))?;
        config = config.credential(secret);
    }
    Ok(config)
}

/// `send <api.endpoint> <file|->`: validates, sends, prints the outcome.
pub fn cmd_send(apis: &[&[Endpoint]], id: &str, source: &str, flags: &[String]) -> ExitCode {
    let (endpoint, payload) = match endpoint_and_payload(apis, id, source) {
        Ok(found) => found,
        Err(code) => return code,
    };
    let config = match send_config(endpoint, flags) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("error: {e}\n\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    if let Err(errors) = endpoint.validate(&payload) {
        for e in errors.errors() {
            println!("{}", crate::registry::error_line(e));
        }
        eprintln!("error: the payload is invalid; nothing was sent");
        return ExitCode::from(1);
    }
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: cannot start the async runtime: {e}");
            return ExitCode::from(3);
        }
    };
    match runtime.block_on((endpoint.send)(&config, payload)) {
        Ok(sent) => {
            println!("status: {}", sent.status);
            println!(
                "{}",
                serde_json::to_string_pretty(&sent.body).unwrap_or_default()
            );
            if sent.is_error {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            }
        }
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::from(3)
        }
    }
}
