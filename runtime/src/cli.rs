//! The command line of a generated crate: `list`, `validate`, `send`.
//!
//! Everything printed about a request is scrubbed of the credentials the
//! command holds (token, URL user name and password), even where a server
//! echoes one back, and server text is escaped for the terminal.

use std::io::Write;
use std::process::ExitCode;

use crate::client::{ClientConfig, Secret};
use crate::output::Scrubber;
use crate::registry::{cmd_list, cmd_validate, endpoint_and_payload, Endpoint};
use crate::validate::DEFAULT_MAX_ERRORS;

const USAGE: &str = "usage:
  list                                   print every endpoint
  validate <api.endpoint> <file|-> [--max-errors N]
                                         check a JSON payload; one JSON error per line
  send <api.endpoint> <file|-> [--base-url URL] [--token TOKEN] [--max-errors N]
                                         validate, send, print the status and decoded body
The payload is one JSON object holding the endpoint's query and body fields.
At most --max-errors errors are printed (default 1000), then one line with
code \"truncated\" saying how many were left out.
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
    run_to(
        apis,
        args,
        &mut std::io::stdout().lock(),
        &mut std::io::stderr().lock(),
    )
}

/// Runs the CLI on `args`, writing to `out` and `err` instead of the
/// standard streams (what tests read).
pub fn run_to(
    apis: &[&[Endpoint]],
    args: &[String],
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> ExitCode {
    match args.first().map(String::as_str) {
        Some("list") if args.len() == 1 => cmd_list(apis, out),
        Some("validate") if args.len() >= 3 => match options(&args[3..]) {
            Ok(o) if o.base_url.is_none() && o.token.is_none() => {
                cmd_validate(apis, &args[1], &args[2], o.max_errors, out, err)
            }
            Ok(_) => usage_error("validate takes no --base-url or --token", err),
            Err(e) => usage_error(&e, err),
        },
        Some("send") if args.len() >= 3 => cmd_send(apis, &args[1], &args[2], &args[3..], out, err),
        #[cfg(feature = "mock")]
        Some("mock") => crate::mock::cli::run(apis, &args[1..]),
        Some("help" | "--help" | "-h") => {
            let _ = writeln!(out, "{USAGE}");
            #[cfg(feature = "mock")]
            let _ = writeln!(out, "{}", crate::mock::cli::USAGE);
            ExitCode::SUCCESS
        }
        _ => {
            let _ = writeln!(err, "{USAGE}");
            ExitCode::from(2)
        }
    }
}

fn usage_error(message: &str, err: &mut dyn Write) -> ExitCode {
    let _ = writeln!(
        err,
        "error: {}\n\n{USAGE}",
        crate::output::terminal_safe(message)
    );
    ExitCode::from(2)
}

/// The options after `<api.endpoint> <file|->`.
struct Options {
    base_url: Option<String>,
    token: Option<String>,
    max_errors: usize,
}

fn options(flags: &[String]) -> Result<Options, String> {
    let mut o = Options {
        base_url: None,
        token: None,
        max_errors: DEFAULT_MAX_ERRORS,
    };
    let mut rest = flags.iter();
    while let Some(flag) = rest.next() {
        let value = || format!("{flag} needs a value");
        match flag.as_str() {
            "--base-url" => o.base_url = Some(rest.next().ok_or_else(value)?.clone()),
            "--token" => o.token = Some(rest.next().ok_or_else(value)?.clone()),
            "--max-errors" => {
                let n = rest.next().ok_or_else(value)?;
                o.max_errors = match n.parse::<usize>() {
                    Ok(n) if n > 0 => n,
                    _ => return Err(format!("--max-errors needs a positive number, not `{n}`")),
                };
            }
            other => return Err(format!("unknown option `{other}`")),
        }
    }
    Ok(o)
}

/// `send` options, flags first, then environment variables; and the
/// credentials they hold, to scrub from the output.
fn send_config(
    endpoint: &Endpoint,
    options: Options,
    scrub: &mut Scrubber,
) -> Result<ClientConfig, String> {
    let prefix = endpoint.api.to_uppercase();
    let base_url = options
        .base_url
        .or_else(|| std::env::var(format!("{prefix}_BASE_URL")).ok());
    let token = options
        .token
        .or_else(|| std::env::var(format!("{prefix}_TOKEN")).ok());
    let mut config = ClientConfig::default();
    if let Some(t) = token {
        scrub.secret(&t);
        scrub.secret(t.trim());
        // The error never contains the token itself.
        let secret = Secret::new(t).map_err(|e| format!("the credential is not usable: {e}"))?;
        config = config.credential(secret);
    }
    if let Some(url) = base_url {
        scrub.url_userinfo(&url);
        config = config.base_url(url);
    }
    Ok(config)
}

/// `send <api.endpoint> <file|->`: validates, sends, prints the outcome.
pub fn cmd_send(
    apis: &[&[Endpoint]],
    id: &str,
    source: &str,
    flags: &[String],
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> ExitCode {
    let mut scrub = Scrubber::default();
    let options = match options(flags) {
        Ok(o) => o,
        Err(e) => return usage_error(&e, err),
    };
    let max_errors = options.max_errors;
    let (endpoint, payload) = match endpoint_and_payload(apis, id, source, err) {
        Ok(found) => found,
        Err(code) => return code,
    };
    let config = match send_config(endpoint, options, &mut scrub) {
        Ok(c) => c,
        Err(e) => return usage_error(&scrub.text(&e), err),
    };
    let report = crate::Report::current_time().max_errors(max_errors);
    if let Err(errors) = endpoint.validate_report(&payload, report) {
        for e in errors.errors() {
            let shown = crate::ValidationError {
                path: scrub.text(&e.path).into(),
                code: e.code,
                message: scrub.text(&e.message).into(),
            };
            let _ = writeln!(out, "{}", crate::registry::error_line(&shown));
        }
        let _ = writeln!(err, "error: the payload is invalid; nothing was sent");
        return ExitCode::from(1);
    }
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            let _ = writeln!(err, "error: cannot start the async runtime: {e}");
            return ExitCode::from(3);
        }
    };
    match runtime.block_on((endpoint.send)(&config, payload)) {
        Ok(sent) => {
            let _ = writeln!(out, "status: {}", sent.status);
            let _ = writeln!(out, "{}", scrub.show_json(&sent.body));
            if sent.is_error {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            }
        }
        Err(e) => {
            let _ = writeln!(err, "error: {}", scrub.show(&e.to_string()));
            ExitCode::from(3)
        }
    }
}
