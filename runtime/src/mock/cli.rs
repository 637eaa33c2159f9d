//! `mock [--port 8080] [--api localiq] [--scenario file.json]`: serves the
//! registry until Ctrl-C, printing one JSON line per request.

use std::process::ExitCode;

use super::{parse_scenario, MockConfig, MockServer};
use crate::registry::Endpoint;

/// The usage line of the `mock` command.
pub const USAGE: &str =
    "  mock [--port 8080] [--api NAME] [--scenario FILE.json]\n                                         serve every endpoint on 127.0.0.1, validating requests;\n                                         one JSON line per request, Ctrl-C stops";

struct Options {
    config: MockConfig,
    scenario: Option<String>,
}

fn options(flags: &[String]) -> Result<Options, String> {
    let mut o = Options {
        config: MockConfig {
            port: 8080,
            ..MockConfig::default()
        },
        scenario: None,
    };
    let mut rest = flags.iter();
    while let Some(flag) = rest.next() {
        let mut value = || rest.next().ok_or_else(|| format!("{flag} needs a value"));
        match flag.as_str() {
            "--port" => {
                let v = value()?;
                o.config.port = v
                    .parse()
                    .map_err(|_| format!("--port `{v}` is not a port number"))?;
            }
            "--api" => o.config.api = Some(value()?.clone()),
            "--scenario" => o.scenario = Some(value()?.clone()),
            other => return Err(format!("unknown option `{other}`")),
        }
    }
    Ok(o)
}

/// Runs the `mock` command on its flags.
pub fn run(apis: &[&[Endpoint]], flags: &[String]) -> ExitCode {
    let o = match options(flags) {
        Ok(o) => o,
        Err(e) => {
            eprintln!("error: {e}\nusage:\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    let scenario = match &o.scenario {
        Some(path) => match std::fs::read_to_string(path)
            .map_err(|e| format!("cannot read {path}: {e}"))
            .and_then(|t| parse_scenario(&t))
        {
            Ok(s) => Some(s),
            Err(e) => {
                eprintln!("error: {e}");
                return ExitCode::from(2);
            }
        },
        None => None,
    };
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: cannot start the async runtime: {e}");
            return ExitCode::from(3);
        }
    };
    runtime.block_on(async move {
        let print = Box::new(|entry: &super::JournalEntry| {
            println!("{}", serde_json::to_string(entry).unwrap_or_default());
        });
        let mock = match MockServer::start_with(apis, o.config, Some(print)).await {
            Ok(m) => m,
            Err(e) => {
                eprintln!("error: cannot start the mock: {e}");
                return ExitCode::from(2);
            }
        };
        if let Some(s) = scenario {
            if let Err(e) = mock.load_scenario(s) {
                eprintln!("error: {e}");
                return ExitCode::from(2);
            }
        }
        eprintln!("mock serving on {} (Ctrl-C stops)", mock.base_url());
        if let Err(e) = tokio::signal::ctrl_c().await {
            eprintln!("error: cannot wait for Ctrl-C: {e}");
        }
        mock.shutdown().await;
        eprintln!("mock stopped");
        ExitCode::SUCCESS
    })
}
