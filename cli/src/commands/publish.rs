//! `edca publish`: the portal's public files, validated, written atomically, refreshed
//! incrementally (see `edca::publish`).

use crate::failure::Failure;
use crate::findings;
use edca::Lang;
use edca::publish::{Config, Input, Options, PublishError, Publisher, Summary};
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::AtomicBool;
use std::time::Duration;

/// Publish releases as the public files of a portal: release packages (per run and per
/// ocid), records, a record package, the validation and indices reports and `index.json`,
/// with `--site` the portal pages, into `DIR/generations/<N>`, switched into `DIR/current` in one step.
///
/// Releases that fail validation at the configured severity are held back (held.json). A re-run
/// writes only the processes whose releases changed. Exit status: 0 published; 1 published, but
/// something was held back or could not be read; 2 bad usage, unreadable input, or another run
/// holds the lock (nothing published).
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Configuration file (TOML: `[publisher]`, `[package]`, `[gate]`, `[inbox]`, `[indices]`,
    /// `[site]`, `[source.postgres]`).
    #[arg(long, value_name = "FILE")]
    config: Option<PathBuf>,
    /// Keep running: publish again within seconds when a file in the inputs or the inbox
    /// appears or changes, or the `[source.postgres]` table gains or loses rows.
    #[arg(long)]
    watch: bool,
    /// With --watch: seconds between two looks at the inputs.
    #[arg(long, default_value_t = 1.0, value_name = "SECONDS")]
    poll: f64,
    /// Also write the portal pages into `site/` (as `[site] enabled = true` does).
    #[arg(long)]
    site: bool,
    /// The publication folder.
    #[arg(long, value_name = "DIR", default_value = "publication")]
    out: PathBuf,
    #[command(flatten)]
    package: PackageArgs,
    #[command(flatten)]
    findings: findings::Options,
    /// Files or folders to read (`-`: standard input). With a configured inbox, none is needed.
    sources: Vec<PathBuf>,
}

/// The package metadata, with `edca compile --package`'s names; each replaces what the
/// configuration sets.
#[derive(Debug, clap::Args)]
struct PackageArgs {
    /// Every package's `version` (`[package] version`).
    #[arg(long, value_name = "VERSION")]
    version: Option<String>,
    /// Every package's `publisher.name` (`[publisher] name`).
    #[arg(long, value_name = "NAME")]
    publisher_name: Option<String>,
    /// `publisher.uri`.
    #[arg(long, value_name = "URI")]
    publisher_uri: Option<String>,
    /// `publisher.scheme`.
    #[arg(long, value_name = "SCHEME")]
    publisher_scheme: Option<String>,
    /// `publisher.uid`.
    #[arg(long, value_name = "UID")]
    publisher_uid: Option<String>,
}

impl PackageArgs {
    fn apply(&self, config: &mut Config) {
        let publisher = &mut config.publisher;
        for (value, field) in [
            (&self.publisher_name, &mut publisher.name),
            (&self.publisher_uri, &mut publisher.uri),
            (&self.publisher_scheme, &mut publisher.scheme),
            (&self.publisher_uid, &mut publisher.uid),
            (&self.version, &mut config.package.version),
        ] {
            if let Some(value) = value {
                field.clone_from(value);
            }
        }
    }
}

pub fn run(args: Args) -> Result<(), Failure> {
    let lang = args.findings.lang();
    let mut config = match &args.config {
        Some(path) => edca::files::publish_config(path).map_err(|e| Failure::Usage(e.to_string()))?,
        None => Config::default(),
    };
    config.site.enabled |= args.site;
    args.package.apply(&mut config);
    if args.sources.is_empty() && config.inbox.is_none() {
        return Err(Failure::Usage(match lang {
            Lang::Es => "nada que publicar: nombre archivos o carpetas, `-`, o un [inbox] en --config".into(),
            Lang::En => "nothing to publish: name files or folders, `-`, or an [inbox] in --config".into(),
        }));
    }
    let mut inputs = Vec::new();
    for source in &args.sources {
        if source.as_os_str() == "-" {
            let mut bytes = Vec::new();
            std::io::Read::read_to_end(&mut std::io::stdin().lock(), &mut bytes)
                .map_err(|e| Failure::UnreadableText(format!("<stdin>: {e}")))?;
            inputs.push(Input::Bytes { name: "<stdin>".into(), bytes: Arc::new(bytes) });
        } else {
            inputs.push(Input::Path(source.clone()));
        }
    }
    let options = Options { out: args.out.clone(), now: std::env::var("EDCA_PUBLISH_NOW").ok() };
    let publisher = Publisher::new(config, options).map_err(|e| failure(&e, lang))?;
    if args.watch {
        let stop = AtomicBool::new(false);
        let poll = Duration::from_secs_f64(args.poll.max(0.05));
        return publisher
            .watch(&inputs, poll, &stop, |outcome| match outcome {
                Ok(summary) => {
                    report(&args, &summary);
                }
                Err(error) => eprintln!("edca: {}", error.message(lang)),
            })
            .map_err(|e| failure(&e, lang));
    }
    let summary = publisher.publish_with_inbox(&inputs).map_err(|e| failure(&e, lang))?;
    report(&args, &summary);
    let held = summary.held_releases;
    let left_out = summary.left_out;
    if held > 0 && left_out == 0 {
        return Err(Failure::Invalid(match lang {
            Lang::Es => format!("{held} entregas retenidas por la validación (vea held.json)"),
            Lang::En => format!("{held} releases held back by validation (see held.json)"),
        }));
    }
    args.findings.finish(&edca::diagnostic::Diagnostics::default(), 0, left_out)
}

fn failure(error: &PublishError, lang: Lang) -> Failure {
    let text = format!("{} [{}]", error.message(lang), error.code());
    match error {
        PublishError::Compile(edca::merge::CompileError::Process(_)) => Failure::Invalid(text),
        _ => Failure::UnreadableText(text),
    }
}

/// The findings on stderr (as `edca compile` shows them), the headline figures on stdout.
fn report(args: &Args, summary: &Summary) {
    let lang = args.findings.lang();
    if !args.findings.quiet && !summary.diagnostics.is_empty() {
        eprint!("{}", summary.diagnostics.to_text(lang));
    }
    println!("{}", summary.message(lang));
}
