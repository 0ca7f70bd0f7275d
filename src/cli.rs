//! Command-line interface: clap types only.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::render::ColorChoice;

const EXIT_CODES: &str = "\
Exit codes:
  0  success
  1  the input is invalid (malformed, not a callback, a --get path not found,
     a failed job with --exit-status, a fixture with errors)
  2  usage or I/O error (bad flag, unreadable file, unwritable output)";

/// Read, convert, summarize and validate Tencent Cloud Infinite (CI) callback bodies.
#[derive(Debug, Parser)]
#[command(name = "cicb", version, about, propagate_version = true)]
#[command(after_help = EXIT_CODES)]
pub struct Cli {
    /// When to use colors: auto (a terminal, and NO_COLOR unset or empty), always or never.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, global = true, value_name = "WHEN")]
    pub color: ColorChoice,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// What ran, what failed and why, and where the outputs are: one body or many, at a glance.
    #[command(after_help = SUMMARIZE_EXAMPLES)]
    Summarize(SummarizeArgs),
    /// Convert a callback body between XML and JSON, losslessly.
    #[command(after_help = CONVERT_EXAMPLES)]
    Convert(ConvertArgs),
    /// Show the decoded body as a tree, as a typed JSON model, or pull single values out.
    #[command(after_help = PARSE_EXAMPLES)]
    Parse(ParseArgs),
    /// Lint callback fixtures: spec rules, line:column diagnostics, CI-native output.
    #[command(after_help = VALIDATE_EXAMPLES)]
    Validate(ValidateArgs),
    /// Print a shell completion script.
    #[command(
        after_help = "Examples:\n  cicb completions bash > ~/.local/share/bash-completion/completions/cicb\n  cicb completions zsh > ~/.zfunc/_cicb"
    )]
    Completions(CompletionsArgs),
    /// Print the man page (roff).
    #[command(after_help = "Example:\n  cicb man > cicb.1 && man ./cicb.1")]
    Man,
}

const SUMMARIZE_EXAMPLES: &str = "\
Examples:
  cicb summarize samples/workflow-failed.xml               header, task table, failures, outputs
  pbpaste | cicb summarize                                  a body from the clipboard (stdin)
  cicb summarize --outputs body.xml                         one cos://bucket/key per line
  cicb summarize --outputs --url body.xml                   the same as https:// URLs
  cicb summarize --format json a.xml b.json                 one JSON object per line (NDJSON)
  cicb summarize --format markdown body.xml                 to paste into a ticket or a PR
  cicb summarize --exit-status body.xml || alert            exit 1 when a job or task failed

Several inputs are summarized one after the other; one that cannot be read or
decoded is reported on stderr and the others are still summarized.

Exit codes: 0 summarized, 1 an input is invalid (or, with --exit-status, a job,
task or workflow failed), 2 usage error or an input could not be read; when
several things go wrong the highest code wins.";

const CONVERT_EXAMPLES: &str = "\
Examples:
  cicb convert samples/noise-reduction.xml                 XML to Tencent-style JSON
  cicb convert samples/workflow-finish.json                JSON to XML
  curl -s $URL | cicb convert --to json --compact           one line of JSON from stdin
  cicb convert body.xml --omit-empty --jobs-detail array    JSON as the CI-tree docs print it
  cicb convert body.json -o body.xml                        write atomically to a file

Exit codes: 0 converted, 1 invalid input, 2 usage or I/O error.";

const PARSE_EXAMPLES: &str = "\
Examples:
  cicb parse samples/legacy-job.xml                          kind and the whole tree
  cicb parse --format json samples/workflow-finish.xml       typed model (kind, jobs, tasks, times)
  cicb parse --get JobsDetail.State body.xml                 one value per line
  cicb parse --get 'JobsDetail.Operation.MediaResult.OutputFile.ObjectName[0]' body.xml
  cicb parse --get Response.WorkflowExecution.Tasks.JobId body.json

Paths are dot-separated element names, with or without the leading `Response.`;
`[n]` picks the n-th (from 0) of the matches, `@name` an attribute. Leaves print
their text, containers compact JSON.

Exit codes: 0 found, 1 invalid input or a path not found, 2 usage or I/O error.";

const VALIDATE_EXAMPLES: &str = "\
Examples:
  cicb validate fixtures/                         every *.xml and *.json below fixtures/
  cicb validate --strict fixtures/ body.json      warnings (unknown nodes, ...) fail too
  cicb validate --format github fixtures/         annotations inline in a GitHub Actions run
  cicb validate --format json fixtures/ > lint.json
  curl -s $URL | cicb validate -                  a body from stdin

Rules: syntax, structure, event, required, enum, timestamp, consistency,
unknown-node, json-shape, identifier (see README.md for what each checks and
its severity).

Exit codes: 0 every file is valid, 1 a file has errors (or warnings with
--strict), 2 usage or I/O error (an unreadable path; the others are still
checked and reported).";

/// Where a body comes from, and how to read it.
#[derive(Debug, Clone, Args)]
pub struct InputArgs {
    /// Read the input as this format instead of detecting it from the first character.
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub from: Option<FormatArg>,

    /// Largest input accepted, in bytes; K, M and G suffixes allowed.
    #[arg(long, value_name = "SIZE", default_value = "256M", value_parser = parse_size)]
    pub max_size: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    Xml,
    Json,
}

#[derive(Debug, Args)]
pub struct ConvertArgs {
    /// The body to convert; `-` or nothing reads stdin.
    pub input: Option<PathBuf>,

    /// Target format; by default the other one.
    #[arg(long, value_enum, value_name = "FORMAT")]
    pub to: Option<FormatArg>,

    #[command(flatten)]
    pub input_args: InputArgs,

    /// Write to FILE (atomically: on any error it is left untouched) instead of stdout.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// One line, no indentation.
    #[arg(long)]
    pub compact: bool,

    /// JSON: keep a {"Response": ...} wrapper around the body.
    #[arg(long)]
    pub wrap: bool,

    /// JSON: write JobsDetail as an object (COS docs) or a one-element array (CI docs).
    #[arg(long, value_enum, default_value_t = JobsDetailShape::Object, value_name = "SHAPE")]
    pub jobs_detail: JobsDetailShape,

    /// JSON: leave out elements that are empty in the XML, as Tencent's JSON bodies do.
    #[arg(long)]
    pub omit_empty: bool,

    /// Leave out XML comments and processing instructions (without it they are an error:
    /// the element tree, and so JSON, has no place for them).
    #[arg(long)]
    pub drop_comments: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum JobsDetailShape {
    Object,
    Array,
}

#[derive(Debug, Args)]
pub struct ParseArgs {
    /// The body to read; `-` or nothing reads stdin.
    pub input: Option<PathBuf>,

    #[command(flatten)]
    pub input_args: InputArgs,

    /// Print the value(s) at PATH, one per line (repeatable).
    #[arg(long, short, value_name = "PATH")]
    pub get: Vec<String>,

    /// Output: a readable tree, or the typed model as JSON.
    #[arg(long, value_enum, default_value_t = ParseFormat::Tree, value_name = "FORMAT")]
    pub format: ParseFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ParseFormat {
    Tree,
    Json,
}

#[derive(Debug, Args)]
pub struct SummarizeArgs {
    /// The bodies to summarize; `-` or nothing reads stdin.
    #[arg(value_name = "INPUT")]
    pub inputs: Vec<PathBuf>,

    #[command(flatten)]
    pub input_args: InputArgs,

    /// Output: a human view (header, task table, failures, outputs), a stable JSON object per
    /// input (NDJSON when several), or Markdown to paste into a ticket.
    #[arg(long, value_enum, default_value_t = SummaryFormat::Human, value_name = "FORMAT")]
    pub format: SummaryFormat,

    /// Print only the output files, one per line (`cos://bucket/key`, or URLs with --url).
    #[arg(long, conflicts_with = "format")]
    pub outputs: bool,

    /// Show outputs as `https://<bucket>.cos.<region>.myqcloud.com/<percent-encoded key>`.
    #[arg(long)]
    pub url: bool,

    /// Exit 1 when the workflow, a task or a job failed (as `git diff --exit-code` does).
    #[arg(long)]
    pub exit_status: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SummaryFormat {
    /// Header, task table, failures, results and outputs.
    Human,
    /// One documented JSON object per input.
    Json,
    /// The human view as Markdown.
    Markdown,
}

#[derive(Debug, Args)]
pub struct ValidateArgs {
    /// Files and directories to check (directories recursively: their *.xml and *.json files);
    /// `-` or nothing reads stdin.
    #[arg(value_name = "PATH")]
    pub paths: Vec<PathBuf>,

    /// Output: rustc-style diagnostics on stderr (human), one JSON array of diagnostics on stdout
    /// (json), or GitHub Actions annotations on stdout (github).
    #[arg(long, value_enum, default_value_t = ValidateFormat::Human, value_name = "FORMAT")]
    pub format: ValidateFormat,

    /// Treat warnings as errors: a file with a warning is invalid.
    #[arg(long)]
    pub strict: bool,

    /// Print only problems: no closing `checked N files` line.
    #[arg(long, short)]
    pub quiet: bool,

    /// Largest input accepted, in bytes; K, M and G suffixes allowed.
    #[arg(long, value_name = "SIZE", default_value = "256M", value_parser = parse_size)]
    pub max_size: usize,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ValidateFormat {
    /// rustc-style diagnostics on stderr.
    Human,
    /// One JSON array of {file, line, column, path, rule, severity, message} on stdout.
    Json,
    /// GitHub Actions workflow commands (::error file=…,line=…::…) on stdout.
    Github,
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to generate for.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

/// Parses `1048576`, `512K`, `256M`, `2G` (binary units), up to [`crate::decode::MAX_INPUT`]
/// (4 GiB - 1: the tree's byte offsets are 32-bit).
pub fn parse_size(s: &str) -> Result<usize, String> {
    let s = s.trim();
    let (digits, mult) = match s.char_indices().last() {
        Some((i, 'k' | 'K')) => (&s[..i], 1usize << 10),
        Some((i, 'm' | 'M')) => (&s[..i], 1 << 20),
        Some((i, 'g' | 'G')) => (&s[..i], 1 << 30),
        _ => (s, 1),
    };
    let n: usize = digits.parse().map_err(|_| format!("`{s}` is not a size (examples: 1048576, 512K, 256M, 2G)"))?;
    let max = crate::decode::MAX_INPUT;
    n.checked_mul(mult).filter(|&n| n <= max).ok_or_else(|| {
        format!("`{s}` is too large: cicb reads at most {max} bytes (4 GiB - 1; 3G is the largest G size)")
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn verify_cli() {
        Cli::command().debug_assert();
    }

    #[test]
    fn sizes() {
        assert_eq!(parse_size("10"), Ok(10));
        assert_eq!(parse_size("2K"), Ok(2048));
        assert_eq!(parse_size("256M"), Ok(256 << 20));
        assert_eq!(parse_size("1g"), Ok(1 << 30));
        assert!(parse_size("lots").is_err());
        assert!(parse_size("").is_err());
        // The tree's offsets are 32-bit: nothing over 4 GiB - 1.
        assert_eq!(parse_size("4294967295"), Ok(u32::MAX as usize));
        assert_eq!(parse_size("3G"), Ok(3 << 30));
        for too_big in ["4G", "4294967296", "4096M", "4194304K"] {
            let e = parse_size(too_big).unwrap_err();
            assert!(e.contains("at most 4294967295 bytes"), "{too_big}: {e}");
        }
    }
}
