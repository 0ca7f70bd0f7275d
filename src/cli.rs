//! Command-line interface: clap types only.

use std::path::PathBuf;

use clap::{Args, FromArgMatches, Parser, Subcommand, ValueEnum};

use crate::render::ColorChoice;

const EXIT_CODES: &str = "\
Exit codes:
  0  success
  1  the input is invalid (malformed, not a callback, a --get path not found,
     a failed job with --exit-status, a fixture with errors); diff: the bodies
     differ; send: an answer was not 2xx
  2  usage or I/O error (bad flag, unreadable file, unwritable output); diff:
     also a body that does not decode; send: a request could not be made

A reader that leaves early (`| head`) cuts the output short, not the run: the
code is the one a full read would have given.";

/// Read, convert, summarize and validate Tencent Cloud Infinite (CI) callback bodies.
#[derive(Debug, Parser)]
#[command(name = "cicb", version, about, propagate_version = true)]
#[command(after_help = EXIT_CODES)]
pub struct Cli {
    #[command(flatten)]
    pub global: Global,

    #[command(subcommand)]
    pub command: Command,
}

// The options every subcommand takes. (A `///` comment here would become the program's about.)
#[derive(Debug, Args)]
pub struct Global {
    /// When to use colors: auto (a terminal, and NO_COLOR unset or empty), always or never.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, global = true, value_name = "WHEN")]
    #[arg(display_order = 1000, hide_possible_values = true)]
    pub color: ColorChoice,
}

impl Cli {
    /// `Cli::parse()`, faster to start. When the first argument names a subcommand, the arguments
    /// are parsed by a tree of only that one, with its options but not its help texts: clap builds
    /// and completes every subcommand of a tree before parsing (the global options copied into
    /// each, help added), a tenth of a small body's start-up. Anything but a clean parse (help,
    /// `--version`, a mistake) is parsed again by the whole tree, so what clap prints is the same.
    /// Neither tree is freed (2–4 % of a start-up).
    pub fn parse_args(args: Vec<std::ffi::OsString>) -> Cli {
        use clap::CommandFactory;
        if let Some(cli) = Cli::parse_by_one(&args) {
            return cli;
        }
        Cli::parse_with(Cli::command(), &args).unwrap_or_else(|e| e.exit())
    }

    /// The parse of `args` by a tree of the global options and only the subcommand the first
    /// argument names; `None` if it names none or the parse is not clean.
    fn parse_by_one(args: &[std::ffi::OsString]) -> Option<Cli> {
        let sub = Command::parser(args.get(1)?.to_str()?)?;
        Cli::parse_with(Global::augment_args(clap::Command::new("cicb")).subcommand(sub), args).ok()
    }

    /// `args` parsed by the tree `cmd`; on success the tree and the matches are never freed.
    fn parse_with(mut cmd: clap::Command, args: &[std::ffi::OsString]) -> Result<Cli, clap::Error> {
        let mut matches = cmd.try_get_matches_from_mut(args)?;
        let cli = Cli::from_arg_matches_mut(&mut matches).map_err(|e| e.format(&mut cmd))?;
        std::mem::forget((cmd, matches));
        Ok(cli)
    }
}

/// The subcommands: the enum clap derives its tree from, and for each a parser of its arguments
/// alone ([`Cli::parse_args`]), from one list.
macro_rules! subcommands {
    ($($(#[$attr:meta])* $variant:ident($args:ident),)*) => {
        // `defer`: each subcommand's arguments are built only when it is the one in use (or for
        // help, completions and man pages), not all fourteen on every start.
        #[derive(Debug, Subcommand)]
        #[command(defer = true)]
        pub enum Command {
            $($(#[$attr])* $variant($args),)*
        }

        impl Command {
            /// The subcommand called exactly `name` (every name is its variant's, in lower case),
            /// with its arguments but not its help texts: enough to parse, not to print help.
            fn parser(name: &str) -> Option<clap::Command> {
                $(if lower_case_of(name, stringify!($variant)) {
                    return Some($args::augment_args(clap::Command::new(name.to_owned())));
                })*
                None
            }
        }
    };
}

/// True when `name` is `variant` in lower case (`summarize`, `Summarize`).
fn lower_case_of(name: &str, variant: &str) -> bool {
    name.len() == variant.len() && name.bytes().zip(variant.bytes()).all(|(n, v)| n == v.to_ascii_lowercase())
}

subcommands! {
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
    /// Write a realistic body: any job Tag, a workflow run, the legacy and audit forms.
    #[command(after_help = SAMPLE_EXAMPLES)]
    Sample(SampleArgs),
    /// Print a JSON Schema of the callback bodies, for validators and type generators.
    #[command(after_help = SCHEMA_EXAMPLES)]
    Schema(SchemaArgs),
    /// Compare two bodies by meaning (XML and JSON alike), ids and times left out by default.
    #[command(after_help = DIFF_EXAMPLES)]
    Diff(DiffArgs),
    /// Replace buckets, APPIDs, ids, keys and URLs with stable pseudonyms, in place.
    #[command(after_help = REDACT_EXAMPLES)]
    Redact(RedactArgs),
    /// Receive callbacks over HTTP: save each body durably, show what it says, pass it on.
    #[command(after_help = LISTEN_EXAMPLES)]
    Listen(ListenArgs),
    /// POST callback bodies to a URL or a Kafka topic: replay captures against your handler,
    /// or load-test it.
    #[command(after_help = SEND_EXAMPLES)]
    Send(SendArgs),
    /// Receive callbacks from Kafka (CKafka) in a consumer group: save each body durably, then
    /// commit.
    #[command(after_help = CONSUME_EXAMPLES)]
    Consume(ConsumeArgs),
    /// A local web page over a capture folder: the list (live), each body's summary, raw
    /// bytes and findings, compare, replay to your handler.
    #[command(after_help = INSPECT_EXAMPLES)]
    Inspect(InspectArgs),
    /// Print a shell completion script.
    #[command(
        after_help = "Examples:\n  cicb completions bash > ~/.local/share/bash-completion/completions/cicb\n  cicb completions zsh > ~/.zfunc/_cicb"
    )]
    Completions(CompletionsArgs),
    /// Print the man page (roff), or write every page (one per subcommand) to a folder.
    #[command(
        after_help = "Examples:\n  cicb man > cicb.1 && man ./cicb.1\n  # cicb.1, cicb-summarize.1, ...\n  cicb man --dir ~/.local/share/man/man1"
    )]
    Man(ManArgs),
}

const SUMMARIZE_EXAMPLES: &str = "\
Examples:
  # header, task table, failures, outputs
  cicb summarize samples/workflow-failed.xml
  # a body from the clipboard (stdin)
  pbpaste | cicb summarize
  # one cos://bucket/key per line; the same as https:// URLs
  cicb summarize --outputs body.xml
  cicb summarize --outputs --url body.xml
  # one JSON object per line (NDJSON); Markdown to paste into a ticket or a PR
  cicb summarize --format json a.xml b.json
  cicb summarize --format markdown body.xml
  # exit 1 when a job or task failed
  cicb summarize --exit-status body.xml || alert

Several inputs are summarized one after the other; one that cannot be read or
decoded is reported on stderr and the others are still summarized.

Exit codes: 0 summarized, 1 an input is invalid (or, with --exit-status, a job,
task or workflow failed), 2 usage error or an input could not be read; when
several things go wrong the highest code wins.";

const CONVERT_EXAMPLES: &str = "\
Examples:
  # XML to Tencent-style JSON, and JSON to XML
  cicb convert samples/noise-reduction.xml
  cicb convert samples/workflow-finish.json
  # one line of JSON from stdin
  curl -s $URL | cicb convert --to json --compact
  # JSON as the CI-tree docs print it
  cicb convert body.xml --omit-empty --jobs-detail array
  # write atomically to a file
  cicb convert body.json -o body.xml

Exit codes: 0 converted, 1 invalid input, 2 usage or I/O error.";

const PARSE_EXAMPLES: &str = "\
Examples:
  # kind and the whole tree; the typed model (kind, jobs, tasks, times)
  cicb parse samples/legacy-job.xml
  cicb parse --format json samples/workflow-finish.xml
  # one value per line
  cicb parse --get JobsDetail.State body.xml
  cicb parse body.xml --get \\
    'JobsDetail.Operation.MediaResult.OutputFile.ObjectName[0]'
  cicb parse --get Response.WorkflowExecution.Tasks.JobId body.json

Paths are dot-separated element names, with or without the leading `Response.`;
`[n]` picks the n-th (from 0) of the matches, `@name` an attribute. Leaves print
their text, containers compact JSON.

Exit codes: 0 found, 1 invalid input or a path not found, 2 usage or I/O error.";

const VALIDATE_EXAMPLES: &str = "\
Examples:
  # every *.xml and *.json below fixtures/
  cicb validate fixtures/
  # warnings (unknown nodes, ...) fail too
  cicb validate --strict fixtures/ body.json
  # annotations inline in a GitHub Actions run
  cicb validate --format github fixtures/
  cicb validate --format json fixtures/ > lint.json
  # a body from stdin
  curl -s $URL | cicb validate -

Rules: syntax, structure, event, required, enum, timestamp, consistency,
unknown-node, json-shape, identifier. Each diagnostic names its rule and its
severity (error, or warning: an unknown node, a field some published bodies
leave out); `--format json` gives both as fields.

Exit codes: 0 every file is valid, 1 a file has errors (or warnings with
--strict), 2 usage or I/O error (an unreadable path; the others are still
checked and reported).";

const SAMPLE_EXAMPLES: &str = "\
Examples:
  # every name it takes, one a line
  cicb sample --list
  # a Transcode job callback (XML); a failed one: Code and Message, no outputs
  cicb sample Transcode
  cicb sample Transcode --state Failed
  cicb sample Snapshot --trigger workflow --format json
  cicb sample workflow --tasks Transcode,Snapshot --state Failed
  # no EventName (the older form); a content-moderation Detail body
  cicb sample legacy-job
  cicb sample audit-image
  # the same bytes for the same seed
  cicb sample Segment --seed 42 -o fixtures/segment.xml
  cicb sample Transcode --set JobsDetail.Operation.UserData='{\"order\":7}'
  cicb sample Tts --bucket media-1250000000 --region ap-guangzhou \\
    --object in/a.mp4

Names: every job Tag (Transcode, Snapshot, ...), workflow, legacy-job,
legacy-workflow, audit-image, audit-text, audit-audio, audit-video,
audit-document, audit-html, audit-simple. Without --seed, ids and times are
fresh on every run. --trigger applies to job samples.

Exit codes: 0 written, 2 usage or I/O error (an unknown name, a --set path the
spec does not know, an unwritable output).";

const SCHEMA_EXAMPLES: &str = "\
Examples:
  # every kind, draft 2020-12; job callbacks only, draft-07
  cicb schema > callback.schema.json
  cicb schema --kind job --draft 7 -o job.json
  # one file per kind and a root
  cicb schema --dir schemas/
  # unknown nodes are an error
  cicb schema --strict
  check-jsonschema --schemafile callback.schema.json body.json
  npx json-schema-to-typescript job.json > job.d.ts

The schema is generated from what cicb knows of the published callback bodies:
repeating nodes are an object or an array of them, leaves strings, audit
numbers numbers, states and EventName enums, timestamps patterns. Unknown nodes
are allowed unless --strict.

Exit codes: 0 written, 2 usage or I/O error.";

const DIFF_EXAMPLES: &str = "\
Examples:
  # XML vs JSON: equal
  cicb diff samples/workflow-finish.xml samples/workflow-finish.json
  # what changed, ids and times aside; ids, times and request ids too
  cicb diff fixture.xml captured.json
  cicb diff --all a.xml b.xml
  cicb diff --ignore 'WorkflowExecution.Tasks[*].Name' a.xml b.xml
  cicb diff --format json a.xml b.xml | jq '.[].path'
  # a body from stdin
  curl -s $URL | cicb diff fixture.xml -

One line per change: `changed PATH: OLD → NEW`, `added PATH: NEW`, `removed
PATH: OLD` (`added item` / `removed item` for a repeated node such as Tasks).
Paths are those of `parse --get`. Empty elements and omitted ones are equal, as
are a single element and a one-item JSON array. Ignored by default: job, run
and queue ids, times, x-cos-request-id, trace_id; the count is on stderr.

Exit codes: 0 equal, 1 different, 2 an input could not be read or decoded, or a
usage error (as diff(1)).";

const REDACT_EXAMPLES: &str = "\
Examples:
  # pseudonyms on stdout, counts on stderr
  cicb redact samples/workflow-finish.xml
  # write atomically to a file; list what was replaced
  cicb redact --explain body.xml -o body.redacted.xml
  # keep the transcript (a transcript bug), or one path
  cicb redact --keep text body.xml
  cicb redact --keep JobsDetail.Input.Object body.xml
  # a capture folder of cicb listen: bodies, names and index
  cicb redact callbacks -o callbacks.redacted/
  # the same salt: bodies that still compare
  cicb redact --salt ticket-4471 a.xml > a.r.xml
  cicb redact --salt ticket-4471 b.json > b.r.json
  cicb diff --all a.r.xml b.r.json

Fail closed: every value is replaced (ids, object keys, buckets, URLs, free
text, names, hashes, header values, and any node cicb does not know) except
harmless ones (enums, times, numbers, sizes, codecs). Each pseudonym has the
shape of its value; text keeps its words' shapes, and a value replaced in one
node gets the same pseudonym inside text. Everything else stays byte for
byte. Without --salt the salt is random: two runs give different pseudonyms.

Exit codes: 0 redacted, 1 invalid input, 2 usage or I/O error.";

const LISTEN_EXAMPLES: &str = "\
Examples:
  # on 127.0.0.1:8080, captures in ./callbacks
  cicb listen
  # a free port (printed on stderr)
  cicb listen --port 0 --dir /tmp/cb
  # save, then pass each callback to your handler
  cicb listen --forward-to http://127.0.0.1:3000
  # one JSON object per callback (NDJSON)
  cicb listen --format json | jq .state
  # rehearse how CI treats a failing handler
  cicb listen --status 500
  cicb listen --count 1 && cicb summarize callbacks/*.xml
  # on a public host: a secret path, HTTPS, a week of captures
  cicb listen --host 0.0.0.0 --port 443 --secret-path \\
    --tls-cert /etc/letsencrypt/live/cb.example.com/fullchain.pem \\
    --tls-key /etc/letsencrypt/live/cb.example.com/privkey.pem \\
    --max-age 7d --rate 20
  # behind Caddy or nginx on the same host
  cicb listen --path /cb/$TOKEN --trust-proxy 127.0.0.1

Every POST body is written byte for byte to its own file in --dir (made durable
before the answer goes out) and listed in --dir/index.ndjson. Every request
refused (403, 404, 405, 408, 413, 429, 507) gets a line there too, with
\"rejected\": true. SIGHUP reloads the TLS certificate. Ctrl-C stops accepting,
finishes what is in flight and exits 0.

Exit codes: 0 stopped (Ctrl-C or --count), 2 usage or I/O error (port in use,
--dir not writable, a bad certificate or key).";

const INSPECT_EXAMPLES: &str = "\
Examples:
  # the page over ./callbacks on 127.0.0.1:4040 (the URL, token included, is
  # printed on stderr)
  cicb inspect
  # another folder, a free port, and open the browser
  cicb inspect /tmp/cb --port 0 --open
  # the JSON API the page uses (the token is in the printed URL)
  curl -H \"Authorization: Bearer $TOKEN\" http://127.0.0.1:4040/api/captures

The folder's index.ndjson is read once and followed: captures saved by listen or
consume while the page is open appear within a second. Every API call needs the
token; the page keeps it in the URL's fragment. Ctrl-C stops.

Exit codes: 0 stopped (Ctrl-C), 2 usage or I/O error (port in use, no folder).";

const SEND_EXAMPLES: &str = "\
Examples:
  cicb send http://127.0.0.1:3000/cb samples/workflow-finish.xml
  # a folder, in path order
  cicb send http://127.0.0.1:3000/cb callbacks/
  # edit one value on the way
  cicb send $URL body.xml --set JobsDetail.State=Failed
  cicb send $URL body.json --header 'Authorization: Bearer x'
  # requests/s, p50 and p99
  cicb send $URL body.xml --repeat 1000 --concurrency 16

Content-Type follows the body (application/xml or application/json); moderation
bodies also get the X-Ci-Content-Version their form implies (Detail or Simple).

To a Kafka topic: cicb send kafka://HOST:PORT[,HOST:PORT]/TOPIC FILE|DIR (a
cicb built with the kafka feature), with consume's login flags (the password
from --sasl-password-file or CICB_SASL_PASSWORD) and -X client properties.

Exit codes: 0 every answer was 2xx, 1 an answer was not 2xx, 2 a request could
not be made (bad URL, connection refused, timeout) or a file could not be read.";

const CONSUME_EXAMPLES: &str = "\
Examples:
  # every callback on the topic from its start, then exit
  cicb consume -b 127.0.0.1:9092 -t ci-callbacks -g laptop --from-beginning -e
  cicb summarize callbacks/
  # CKafka over SASL_PLAINTEXT (the password from a file, never a flag)
  cicb consume -b ckafka-xxx.ap-guangzhou.ckafka.tencentcloudmq.com:50000 \\
    -t ci-callbacks -g cicb --security-protocol SASL_PLAINTEXT \\
    --sasl-mechanism PLAIN --sasl-username 'ckafka-xxx#user' \\
    --sasl-password-file ~/.ckafka-password
  # pass each message to a handler; commit only after it answers 2xx
  cicb consume -b 127.0.0.1:9092 -t ci-callbacks -g bridge \\
    --forward-to http://127.0.0.1:3000/cb
  # one JSON object per message (NDJSON)
  cicb consume -b 127.0.0.1:9092 -t ci-callbacks -g g --format json | jq .state

Each message value is saved byte for byte in --dir and listed in
--dir/index.ndjson with its topic, partition, offset, key and headers; its
offset is committed only once both are on disk. A message whose place is
already in the index is not saved again. Ctrl-C finishes the batch in hand,
commits, leaves the group and exits 0.

Exit codes: 0 stopped (Ctrl-C, -e, -c or --idle-timeout), 2 usage, I/O or
Kafka error (no broker within --connect-timeout, a wrong password, an unknown
topic).";

// Where a body comes from, and how to read it.
// (`//`, not `///`: the subcommands are deferred, and a flattened struct's doc comment would
// replace the subcommand's about.)
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

impl From<FormatArg> for crate::decode::Format {
    fn from(f: FormatArg) -> Self {
        match f {
            FormatArg::Xml => Self::Xml,
            FormatArg::Json => Self::Json,
        }
    }
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
    #[arg(short, long, value_name = "FILE", value_hint = clap::ValueHint::FilePath)]
    pub output: Option<PathBuf>,

    #[command(flatten)]
    pub shape: ShapeArgs,

    /// Leave out XML comments and processing instructions (without it they are an error:
    /// the element tree, and so JSON, has no place for them).
    #[arg(long)]
    pub drop_comments: bool,
}

// How to lay out the output: `convert` and `sample` share these.
#[derive(Debug, Clone, Args)]
pub struct ShapeArgs {
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
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum JobsDetailShape {
    Object,
    Array,
}

#[derive(Debug, Args)]
pub struct ParseArgs {
    /// The bodies to read (folders recursively: their *.xml and *.json files); `-` or nothing
    /// reads stdin. With several, `--get` prefixes each value with its file, as grep does.
    #[arg(value_name = "INPUT")]
    pub inputs: Vec<PathBuf>,

    /// Leave out files and folders matching GLOB (repeatable), as `validate --exclude` does.
    #[arg(long, value_name = "GLOB")]
    pub exclude: Vec<String>,

    #[command(flatten)]
    pub input_args: InputArgs,

    /// Print the value(s) at PATH, one per line (repeatable).
    #[arg(long, short, value_name = "PATH")]
    pub get: Vec<crate::path::Path>,

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
    /// The bodies to summarize (folders recursively: their *.xml and *.json files, on every
    /// core, printed in order); `-` or nothing reads stdin.
    #[arg(value_name = "INPUT")]
    pub inputs: Vec<PathBuf>,

    /// Leave out files and folders matching GLOB (repeatable), as `validate --exclude` does.
    #[arg(long, value_name = "GLOB")]
    pub exclude: Vec<String>,

    #[command(flatten)]
    pub input_args: InputArgs,

    /// Output: a human view (header, task table, failures, outputs), a stable JSON object per
    /// input (NDJSON when several), or Markdown to paste into a ticket.
    #[arg(long, value_enum, default_value_t = SummaryFormat::Human, value_name = "FORMAT")]
    pub format: SummaryFormat,

    /// Print only the output files, one per line (`cos://bucket/key`, or URLs with --url). When
    /// there are none, a note on stderr says why; the exit code stays 0.
    #[arg(long, conflicts_with = "format")]
    pub outputs: bool,

    /// Show outputs as `https://<bucket>.cos.<region>.myqcloud.com/<percent-encoded key>`.
    #[arg(long)]
    pub url: bool,

    /// Exit 1 when the workflow, a task or a job failed (as `git diff --exit-code` does).
    #[arg(long)]
    pub exit_status: bool,

    /// Fit the human view in N columns (0: no limit, every table column as wide as its
    /// content). Default: the terminal's width; piped, $COLUMNS when set, else 120.
    #[arg(long, value_name = "N")]
    pub width: Option<usize>,
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

    /// Leave out files and folders matching GLOB (repeatable): `--exclude 'drafts/**'`,
    /// `--exclude '*.draft.xml'` (matched against the path as found and the file name).
    #[arg(long, value_name = "GLOB")]
    pub exclude: Vec<String>,

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
pub struct ManArgs {
    /// Write cicb.1 and a cicb-COMMAND.1 for every subcommand into DIR (created if missing)
    /// instead of printing the main page.
    #[arg(long, value_name = "DIR", value_hint = clap::ValueHint::DirPath)]
    pub dir: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct SampleArgs {
    /// What to write: a job Tag (Transcode, Snapshot, ...), workflow, legacy-job,
    /// legacy-workflow, audit-image, ..., audit-simple (see --list).
    #[arg(value_name = "NAME", required_unless_present = "list", value_parser = Names(sample_names))]
    #[arg(hide_possible_values = true)]
    pub name: Option<String>,

    /// Print every name it takes, one a line.
    #[arg(long, conflicts_with = "name")]
    pub list: bool,

    /// Output format: XML, or Tencent's JSON form (shaped by --wrap, --jobs-detail, --omit-empty).
    #[arg(long, value_enum, default_value_t = FormatArg::Xml, value_name = "FORMAT")]
    pub format: FormatArg,

    /// Who started the job: a job-submitting API call, or a workflow (adds JobsDetail.Workflow
    /// and the input's CosHeaders).
    #[arg(long, value_enum, default_value_t = TriggerArg::Api, value_name = "TRIGGER")]
    pub trigger: TriggerArg,

    /// How it ended: Failed gives a Code and a Message and no outputs (a workflow: its last
    /// task failed).
    #[arg(long, value_enum, default_value_t = StateArg::Success, value_name = "STATE")]
    pub state: StateArg,

    /// The task types of a workflow sample, comma-separated (default: Transcode,Snapshot).
    #[arg(long, value_delimiter = ',', value_name = "TYPES", value_parser = Names(task_types))]
    #[arg(hide_possible_values = true)]
    pub tasks: Vec<String>,

    /// The bucket of the input and the outputs.
    #[arg(long, default_value = "examplebucket-1250000000", value_name = "BUCKET")]
    pub bucket: String,

    /// The region of the bucket.
    #[arg(long, default_value = "ap-chongqing", value_name = "REGION")]
    pub region: String,

    /// The input object (key); outputs are named after it. By default one that suits the job.
    #[arg(long, value_name = "KEY")]
    pub object: Option<String>,

    /// Seed the ids, times and measurements: the same seed gives the same bytes.
    #[arg(long, value_name = "N")]
    pub seed: Option<u64>,

    /// Set the value at PATH (the path syntax of `parse --get`; repeatable). A node the spec
    /// knows but the sample lacks is added in its place.
    #[arg(long = "set", value_name = "PATH=VALUE", value_parser = parse_assignment)]
    pub set: Vec<(String, String)>,

    #[command(flatten)]
    pub shape: ShapeArgs,

    /// Write to FILE (atomically: on any error it is left untouched) instead of stdout.
    #[arg(short, long, value_name = "FILE", value_hint = clap::ValueHint::FilePath)]
    pub output: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum TriggerArg {
    /// A job-submitting API call.
    Api,
    /// A workflow.
    Workflow,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
#[value(rename_all = "PascalCase")]
pub enum StateArg {
    Success,
    Failed,
}

/// A free-form name whose known values shell completions offer: the command checks it and
/// says what it takes (with a "did you mean"), so clap accepts any string.
#[derive(Debug, Clone, Copy)]
pub struct Names(fn() -> Vec<String>);

impl clap::builder::TypedValueParser for Names {
    type Value = String;

    fn parse_ref(
        &self,
        cmd: &clap::Command,
        arg: Option<&clap::Arg>,
        value: &std::ffi::OsStr,
    ) -> Result<String, clap::Error> {
        clap::builder::StringValueParser::new().parse_ref(cmd, arg, value)
    }

    fn possible_values(&self) -> Option<Box<dyn Iterator<Item = clap::builder::PossibleValue> + '_>> {
        Some(Box::new((self.0)().into_iter().map(clap::builder::PossibleValue::new)))
    }
}

/// Every name `cicb sample` takes.
fn sample_names() -> Vec<String> {
    crate::sample::names()
}

/// Every workflow task type.
fn task_types() -> Vec<String> {
    let mut types: Vec<String> = crate::spec::tags::names().iter().map(|t| t.to_string()).collect();
    types.push("HighSpeedHd".to_string());
    types.sort_unstable();
    types
}

/// Parses `PATH=VALUE` (the value may hold `=`).
pub fn parse_assignment(s: &str) -> Result<(String, String), String> {
    match s.split_once('=') {
        Some((path, value)) if !path.trim().is_empty() => Ok((path.trim().to_string(), value.to_string())),
        _ => Err(format!("`{s}` is not PATH=VALUE (example: JobsDetail.Operation.UserData=order-7)")),
    }
}

#[derive(Debug, Args)]
pub struct SchemaArgs {
    /// The JSON Schema draft to write: 2020-12, or 7 (draft-07) for tools that need it.
    #[arg(long, value_enum, default_value_t = DraftArg::Draft202012, value_name = "DRAFT")]
    pub draft: DraftArg,

    /// Only the bodies of this kind: job (TaskFinish), workflow (WorkflowFinish) or audit
    /// (content moderation); by default all of them.
    #[arg(long, value_enum, value_name = "KIND", conflicts_with = "dir")]
    pub kind: Option<SchemaKind>,

    /// Write to FILE (atomically: on any error it is left untouched) instead of stdout.
    #[arg(short, long, value_name = "FILE", conflicts_with = "dir", value_hint = clap::ValueHint::FilePath)]
    pub output: Option<PathBuf>,

    /// Write one file per kind (job, workflow, audit .schema.json) and callback.schema.json, a
    /// root that references them, into DIR (created if missing).
    #[arg(long, value_name = "DIR", value_hint = clap::ValueHint::DirPath)]
    pub dir: Option<PathBuf>,

    /// Forbid the nodes the spec does not list where it lists a parent's children in full
    /// (additionalProperties: false), and other Tags' result containers in a job's Operation.
    #[arg(long)]
    pub strict: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DraftArg {
    /// Draft 2020-12.
    #[value(name = "2020-12")]
    Draft202012,
    /// Draft-07.
    #[value(name = "7")]
    Draft7,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SchemaKind {
    /// Job callbacks (TaskFinish, and the legacy form).
    Job,
    /// Workflow callbacks (WorkflowFinish, and the legacy form).
    Workflow,
    /// Content moderation callbacks (Detail and Simple forms).
    Audit,
}

#[derive(Debug, Args)]
pub struct DiffArgs {
    /// The first body (the fixture, or the older one); `-` reads stdin.
    #[arg(value_name = "OLD")]
    pub old: PathBuf,

    /// The second body; `-` reads stdin (one of the two at most).
    #[arg(value_name = "NEW")]
    pub new: PathBuf,

    #[command(flatten)]
    pub input_args: InputArgs,

    /// Compare everything: job, run and queue ids, times, x-cos-request-id and trace_id too.
    #[arg(long)]
    pub all: bool,

    /// Leave out the nodes at PATH and everything below them (repeatable; the `parse --get`
    /// syntax: `WorkflowExecution.Tasks[*].Name`, `JobsDetail.Operation.UserData`).
    #[arg(long, value_name = "PATH")]
    pub ignore: Vec<crate::path::Path>,

    /// Output: one line per change, or a JSON array of {op, path, old, new, item}.
    #[arg(long, value_enum, default_value_t = DiffFormat::Human, value_name = "FORMAT")]
    pub format: DiffFormat,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DiffFormat {
    /// `changed PATH: OLD → NEW`, `added PATH: NEW`, `removed PATH: OLD`.
    Human,
    /// A JSON array of changes.
    Json,
}

#[derive(Debug, Args)]
pub struct RedactArgs {
    /// The body to redact, or a capture folder of `cicb listen` (with `-o OUT/`); `-` or nothing
    /// reads stdin.
    pub input: Option<PathBuf>,

    #[command(flatten)]
    pub input_args: InputArgs,

    /// Key of the pseudonyms: the same salt gives the same pseudonyms, so bodies redacted with
    /// it stay comparable with `diff --all`. Default: random, new on every run.
    #[arg(long, value_name = "SALT")]
    pub salt: Option<String>,

    /// Leave every value of CLASS as it is (id, key, bucket, url, text, name, hash, header,
    /// unclassified), or the nodes at PATH and below (the `parse --get` syntax); repeatable.
    /// Values replaced elsewhere are still replaced inside kept text.
    #[arg(long, value_name = "CLASS|PATH")]
    pub keep: Vec<crate::redact::Keep>,

    /// List on stderr what was replaced: one line per value, its class and its path.
    #[arg(long)]
    pub explain: bool,

    /// Write to FILE (atomically: on any error it is left untouched) instead of stdout; for a
    /// capture folder, the new folder to write.
    #[arg(short, long, value_name = "FILE|DIR", value_hint = clap::ValueHint::AnyPath)]
    pub output: Option<PathBuf>,

    /// No report of what was replaced on stderr.
    #[arg(long, short)]
    pub quiet: bool,
}

#[derive(Debug, Args)]
pub struct ListenArgs {
    /// TCP port to listen on; 0 picks a free one (the real port is printed on stderr).
    #[arg(long, short, default_value_t = 8080, value_name = "PORT")]
    pub port: u16,

    /// Address to bind; 0.0.0.0 or :: to take callbacks from other hosts (see --secret-path,
    /// --allow and --tls-cert before you do).
    #[arg(long, visible_alias = "bind", default_value = "127.0.0.1", value_name = "ADDR")]
    pub host: std::net::IpAddr,

    /// Where captures and index.ndjson are written (created if missing).
    #[arg(long, short, default_value = "callbacks", value_name = "DIR", value_hint = clap::ValueHint::DirPath)]
    pub dir: PathBuf,

    /// Take callbacks at this path only, such as /cb/TOKEN (its last segment is a secret of at
    /// least 16 characters, never shown or saved); any other path gets 404.
    #[arg(long, value_name = "PATH", conflicts_with = "secret_path")]
    pub path: Option<String>,

    /// Take callbacks at a random secret path (/cb/ and 128 random bits) and print the URL to
    /// paste into the CI console.
    #[arg(long)]
    pub secret_path: bool,

    /// Serve HTTPS with this certificate chain (PEM, such as certbot's fullchain.pem);
    /// reloaded with the key on SIGHUP.
    #[arg(long, value_name = "FILE", requires = "tls_key", value_hint = clap::ValueHint::FilePath)]
    pub tls_cert: Option<PathBuf>,

    /// The private key of --tls-cert (PEM, such as certbot's privkey.pem).
    #[arg(long, value_name = "FILE", requires = "tls_cert", value_hint = clap::ValueHint::FilePath)]
    pub tls_key: Option<PathBuf>,

    /// Take callbacks only from these addresses, as CIDR ranges or single addresses, IPv4 or
    /// IPv6 (repeatable); others get 403.
    #[arg(long, value_name = "CIDR", value_parser = crate::net::front::parse_net)]
    pub allow: Vec<ipnet::IpNet>,

    /// Believe X-Forwarded-For from these proxies (CIDR, repeatable): behind Caddy or nginx,
    /// the client is the address the proxy forwarded for.
    #[arg(long, value_name = "CIDR", value_parser = crate::net::front::parse_net)]
    pub trust_proxy: Vec<ipnet::IpNet>,

    /// Most requests per second from one client address (per /64 for IPv6); more get 429.
    /// Such as 10, 10/s or 600/m.
    #[arg(long, value_name = "N/s", value_parser = parse_rate)]
    pub rate: Option<f64>,

    /// Free space to keep on the disk of --dir: below it, callbacks get 507 and nothing is
    /// saved. A size (K, M, G) or a share (5%); 0 turns the guard off. Default: 1G or 5%,
    /// whichever is smaller.
    #[arg(long, value_name = "SIZE", value_parser = crate::store::space::MinFree::parse)]
    pub min_free: Option<crate::store::space::MinFree>,

    /// Keep at most N captures: the oldest are removed (files and index lines) as new ones come.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u64).range(1..))]
    pub max_captures: Option<u64>,

    /// Remove captures older than this (30m, 12h, 7d).
    #[arg(long, value_name = "DURATION", value_parser = parse_duration)]
    pub max_age: Option<std::time::Duration>,

    /// After saving, pass each request (method, path, headers, exact body) on to this URL; the
    /// request's path (below --path) is appended to the URL's path.
    #[arg(long, value_name = "URL", value_hint = clap::ValueHint::Url)]
    pub forward_to: Option<String>,

    /// HTTP status to answer callbacks with (the console's test request always gets 200).
    #[arg(long, default_value_t = 200, value_name = "CODE", value_parser = clap::value_parser!(u16).range(200..=599))]
    pub status: u16,

    /// Largest body accepted; bigger ones get 413 and are not saved. K, M and G suffixes allowed.
    #[arg(long, value_name = "SIZE", default_value = "16M", value_parser = parse_size)]
    pub max_body: usize,

    /// Time a client has for its TLS handshake, request line and headers.
    #[arg(long, value_name = "DURATION", default_value = "10s", value_parser = parse_duration)]
    pub header_timeout: std::time::Duration,

    /// Time a client has to send its whole body.
    #[arg(long, value_name = "DURATION", default_value = "30s", value_parser = parse_duration)]
    pub body_timeout: std::time::Duration,

    /// Most connections open at once (fitted to the open-files limit); more wait to be accepted.
    #[arg(long, value_name = "N", default_value_t = 4096, value_parser = clap::value_parser!(u64).range(1..=1_000_000))]
    pub max_connections: u64,

    /// Output: one line per callback (human), or one JSON object per callback (NDJSON).
    #[arg(long, value_enum, default_value_t = NetFormat::Human, value_name = "FORMAT")]
    pub format: NetFormat,

    /// Exit after N captures.
    #[arg(long, short = 'n', value_name = "N", value_parser = clap::value_parser!(u64).range(1..))]
    pub count: Option<u64>,

    #[command(flatten)]
    pub serve: ServeInspect,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum NetFormat {
    /// One line per event.
    Human,
    /// One JSON object per event (NDJSON).
    Json,
}

#[derive(Debug, Args)]
pub struct SendArgs {
    /// Where to POST, such as http://127.0.0.1:3000/callback; or kafka://HOST:PORT/TOPIC to
    /// produce each body as a message.
    #[arg(value_hint = clap::ValueHint::Url)]
    pub url: String,

    /// Bodies to send: files, and directories (recursively: their *.xml and *.json files, in
    /// path order).
    #[arg(value_name = "PATH", required = true)]
    pub paths: Vec<PathBuf>,

    /// An extra header, NAME:VALUE (repeatable); it replaces a header cicb would set.
    #[arg(long = "header", short = 'H', value_name = "NAME:VALUE")]
    pub headers: Vec<String>,

    /// Set the value at PATH (the `parse --get` syntax) before sending, escaped for the body's
    /// format; the rest of the body is sent byte for byte (repeatable).
    #[arg(long = "set", value_name = "PATH=VALUE", value_parser = parse_assignment)]
    pub set: Vec<(String, String)>,

    /// Seconds a request may take, connecting included.
    #[arg(long, default_value_t = 30.0, value_name = "SECONDS")]
    pub timeout: f64,

    /// Output: one line per body (human), or one JSON object per body (NDJSON).
    #[arg(long, value_enum, default_value_t = NetFormat::Human, value_name = "FORMAT")]
    pub format: NetFormat,

    /// Send every body N times; with N > 1 only the totals are printed (requests/s, p50, p99).
    #[arg(long, default_value_t = 1, value_name = "N", value_parser = clap::value_parser!(u64).range(1..))]
    pub repeat: u64,

    /// Requests in flight at once (each on its own kept-alive connection).
    #[arg(long, short = 'c', default_value_t = 1, value_name = "C", value_parser = clap::value_parser!(u64).range(1..=1024))]
    pub concurrency: u64,

    /// Largest file sent, in bytes; K, M and G suffixes allowed.
    #[arg(long, value_name = "SIZE", default_value = "256M", value_parser = parse_size)]
    pub max_size: usize,

    /// How to reach and log in to the brokers of a kafka:// URL.
    #[command(flatten, next_help_heading = "Kafka (kafka:// URLs)")]
    pub kafka: KafkaAccess,
}

#[derive(Debug, Args)]
pub struct InspectArgs {
    /// The capture folder (as listen --dir and consume --dir write it).
    #[arg(default_value = "callbacks", value_name = "DIR")]
    pub dir: PathBuf,

    /// TCP port to serve the page on; 0 picks a free one (the URL is printed on stderr).
    #[arg(long, short, default_value_t = 4040, value_name = "PORT")]
    pub port: u16,

    /// Address to bind. The page shows every capture: keep it on 127.0.0.1 unless the network
    /// is yours.
    #[arg(long, default_value = "127.0.0.1", value_name = "ADDR")]
    pub host: std::net::IpAddr,

    /// Open the page in the default browser.
    #[arg(long)]
    pub open: bool,
}

#[derive(Debug, Args)]
pub struct ConsumeArgs {
    /// Brokers to start from, HOST:PORT[,HOST:PORT…].
    #[arg(long = "bootstrap-server", short = 'b', value_name = "HOST:PORT", required = true)]
    pub bootstrap_server: String,

    /// A topic to consume (repeatable).
    #[arg(long, short = 't', value_name = "TOPIC", required = true)]
    pub topic: Vec<String>,

    /// The consumer group: members of one group share the topic's partitions.
    #[arg(long, short = 'g', value_name = "GROUP", required = true)]
    pub group: String,

    /// Where to start when the group has no committed offset for a partition: its beginning,
    /// its end (only new messages), or stored (committed offsets only: a partition without one
    /// is an error).
    #[arg(long, short = 'o', value_enum, default_value_t = OffsetArg::End, value_name = "WHERE")]
    pub offset: OffsetArg,

    /// The same as `--offset beginning`.
    #[arg(long, conflicts_with = "offset")]
    pub from_beginning: bool,

    /// Exit 0 once every assigned partition has been read to its end.
    #[arg(long, short = 'e')]
    pub exit_at_end: bool,

    /// Exit after N messages.
    #[arg(long, short = 'c', value_name = "N", value_parser = clap::value_parser!(u64).range(1..))]
    pub max_messages: Option<u64>,

    /// Exit 0 when no message came for this long (500ms, 30s, 5m).
    #[arg(long, value_name = "DURATION", value_parser = parse_duration)]
    pub idle_timeout: Option<std::time::Duration>,

    /// How long to wait for the brokers before giving up with exit 2.
    #[arg(long, value_name = "DURATION", default_value = "10s", value_parser = parse_duration)]
    pub connect_timeout: std::time::Duration,

    /// Where captures and index.ndjson are written (created if missing). Default:
    /// ./callbacks, or nothing saved with --forward-to.
    #[arg(long, short = 'd', value_name = "DIR", value_hint = clap::ValueHint::DirPath)]
    pub dir: Option<PathBuf>,

    /// POST each message value to this URL; its offset is committed only after a 2xx answer
    /// (until then it is delivered again).
    #[arg(long, value_name = "URL", value_hint = clap::ValueHint::Url)]
    pub forward_to: Option<String>,

    /// Output: one line per message (human), or one JSON object per message (NDJSON).
    #[arg(long, value_enum, default_value_t = NetFormat::Human, value_name = "FORMAT")]
    pub format: NetFormat,

    #[command(flatten)]
    pub serve: ServeInspect,

    #[command(flatten)]
    pub access: KafkaAccess,
}

// `--inspect` of `listen` and `consume`: the inspect page beside the receiver (a plain comment: a doc
// comment here would become the help text of the commands that flatten it).
#[derive(Debug, Clone, Default, Args)]
pub struct ServeInspect {
    /// Also serve the inspect page over --dir on 127.0.0.1:PORT (4040 without a value; 0 picks
    /// a free port); its URL, token included, is printed on stderr.
    #[arg(long, value_name = "PORT", num_args = 0..=1, default_missing_value = "4040")]
    pub inspect: Option<u16>,
}

// How to reach and log in to the brokers (CKafka: SASL_PLAINTEXT or SASL_SSL with PLAIN).
#[derive(Debug, Clone, Default, Args)]
pub struct KafkaAccess {
    /// PLAINTEXT, SSL, SASL_PLAINTEXT or SASL_SSL.
    #[arg(long, value_enum, value_name = "PROTOCOL")]
    pub security_protocol: Option<SecurityProtocol>,

    /// PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512.
    #[arg(long, value_enum, value_name = "MECHANISM")]
    pub sasl_mechanism: Option<SaslMechanism>,

    /// The SASL user (CKafka: `instanceId#user`).
    #[arg(long, value_name = "USER")]
    pub sasl_username: Option<String>,

    /// A file holding the SASL password (its first line). Or set CICB_SASL_PASSWORD.
    #[arg(long, value_name = "FILE", value_hint = clap::ValueHint::FilePath)]
    pub sasl_password_file: Option<PathBuf>,

    /// CA certificates (PEM) to verify the brokers with, for SSL and SASL_SSL.
    #[arg(long, value_name = "FILE", value_hint = clap::ValueHint::FilePath)]
    pub ssl_ca_location: Option<PathBuf>,

    /// A librdkafka property, KEY=VALUE (repeatable), as kcat -X; it overrides cicb's.
    #[arg(short = 'X', value_name = "KEY=VALUE", value_parser = parse_property)]
    pub property: Vec<(String, String)>,

    /// A file of librdkafka properties (KEY=VALUE lines, # comments), as kcat -F.
    #[arg(short = 'F', value_name = "FILE", value_hint = clap::ValueHint::FilePath)]
    pub property_file: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum OffsetArg {
    /// The oldest message kept.
    Beginning,
    /// Only messages produced from now on.
    End,
    /// The group's committed offsets only.
    Stored,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
#[value(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum SecurityProtocol {
    Plaintext,
    Ssl,
    SaslPlaintext,
    SaslSsl,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SaslMechanism {
    #[value(name = "PLAIN")]
    Plain,
    #[value(name = "SCRAM-SHA-256")]
    ScramSha256,
    #[value(name = "SCRAM-SHA-512")]
    ScramSha512,
}

impl SecurityProtocol {
    /// The librdkafka value.
    pub fn as_str(self) -> &'static str {
        match self {
            SecurityProtocol::Plaintext => "PLAINTEXT",
            SecurityProtocol::Ssl => "SSL",
            SecurityProtocol::SaslPlaintext => "SASL_PLAINTEXT",
            SecurityProtocol::SaslSsl => "SASL_SSL",
        }
    }
}

impl SaslMechanism {
    /// The librdkafka value.
    pub fn as_str(self) -> &'static str {
        match self {
            SaslMechanism::Plain => "PLAIN",
            SaslMechanism::ScramSha256 => "SCRAM-SHA-256",
            SaslMechanism::ScramSha512 => "SCRAM-SHA-512",
        }
    }
}

/// Parses `KEY=VALUE` (a client property).
pub fn parse_property(s: &str) -> Result<(String, String), String> {
    match s.split_once('=') {
        Some((k, v)) if !k.trim().is_empty() => Ok((k.trim().to_string(), v.to_string())),
        _ => Err(format!("expected KEY=VALUE, such as session.timeout.ms=6000, not `{s}`")),
    }
}

/// Parses a rate per second: `10`, `10/s`, `600/m`, `36000/h`.
pub fn parse_rate(s: &str) -> Result<f64, String> {
    let t = s.trim();
    let (n, per) = match t.split_once('/') {
        None => (t, 1.0),
        Some((n, "s")) => (n, 1.0),
        Some((n, "m")) => (n, 60.0),
        Some((n, "h")) => (n, 3600.0),
        Some(_) => return Err(format!("expected a rate such as 10, 10/s or 600/m, not `{s}`")),
    };
    match n.trim().parse::<f64>() {
        Ok(v) if v.is_finite() && v > 0.0 => Ok(v / per),
        _ => Err(format!("expected a rate above 0, such as 10, 10/s or 600/m, not `{s}`")),
    }
}

/// Parses `250ms`, `10s`, `5m`, `1h`, `7d`, or a bare number of seconds (`1.5`).
pub fn parse_duration(s: &str) -> Result<std::time::Duration, String> {
    let t = s.trim();
    let split = t.find(|c: char| !(c.is_ascii_digit() || c == '.')).unwrap_or(t.len());
    let (n, unit) = t.split_at(split);
    let scale = match unit {
        "ms" => 0.001,
        "" | "s" => 1.0,
        "m" => 60.0,
        "h" => 3600.0,
        "d" => 86_400.0,
        _ => return Err(format!("unknown unit `{unit}`: use ms, s, m, h or d, such as 30s")),
    };
    match n.parse::<f64>() {
        Ok(v) if v.is_finite() && v * scale < 1e9 => Ok(std::time::Duration::from_secs_f64(v * scale)),
        _ => Err(format!("expected a duration such as 500ms, 30s or 5m, not `{s}`")),
    }
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

    /// clap wraps a help text line wider than the terminal, and an example cut in two reads as
    /// two commands: every line after the options fits in 80 columns, and every example has its
    /// comment on a line of its own.
    #[test]
    fn examples_fit_in_80_columns() {
        let cli = Cli::command();
        let commands = std::iter::once(&cli).chain(cli.get_subcommands());
        let mut checked = 0;
        for cmd in commands {
            let Some(text) = cmd.get_after_help() else { continue };
            let text = text.to_string();
            let mut examples = false;
            for line in text.lines() {
                assert!(line.chars().count() <= 80, "`{}` --help: {} columns: {line}", cmd.get_name(), line.len());
                examples = (examples && !line.is_empty()) || line == "Examples:";
                let spaced = line.trim_start().contains("   ");
                assert!(!(examples && spaced), "`{}` --help: a comment in a column: {line}", cmd.get_name());
            }
            checked += usize::from(text.contains("Examples:"));
        }
        assert_eq!(checked, cli.get_subcommands().count(), "every subcommand shows examples");
    }

    /// The tree of one subcommand parses what it parses as the whole tree does, and leaves
    /// everything else (help, --version, mistakes, no subcommand) to the whole tree.
    #[test]
    fn one_subcommand_parses_as_the_whole_tree() {
        let whole = Cli::command();
        for sub in whole.get_subcommands().filter(|s| s.get_name() != "help") {
            let parser = Command::parser(sub.get_name()).unwrap_or_else(|| panic!("no parser for {}", sub.get_name()));
            assert_eq!(parser.get_name(), sub.get_name());
        }
        for name in ["help", "Summarize", "SUMMARIZE", "summ", "summarizer", ""] {
            assert!(Command::parser(name).is_none(), "{name}");
        }
        let (mut same, mut left) = (0, 0);
        let mut cases: Vec<String> = vec![
            "summarize a.xml".into(),
            "summarize --color always --format json a.xml b.json".into(),
            "summarize --color=never -- --help".into(),
            "convert a.xml --to json --compact -o out.json".into(),
            "parse --get JobsDetail.State a.xml".into(),
            "validate --format github dir".into(),
            "sample Transcode --seed 1".into(),
            "diff a.xml b.json --ignore JobId".into(),
            "redact a.xml -o b.xml".into(),
            "schema".into(),
            "completions bash".into(),
            "man".into(),
            "listen --port 0".into(),
            "send http://127.0.0.1:1/ a.xml".into(),
            "inspect dir".into(),
            "--color never summarize a.xml".into(),
            "help summarize".into(),
            "summ a.xml".into(),
            "".into(),
        ];
        for sub in whole.get_subcommands() {
            for extra in ["--help", "-h", "--version", "-V", "--bogus", "--color", "--color nope", "--format"] {
                cases.push(format!("{} {extra}", sub.get_name()));
            }
            cases.push(sub.get_name().to_string());
        }
        for case in &cases {
            let args: Vec<std::ffi::OsString> =
                std::iter::once("cicb").chain(case.split_whitespace()).map(Into::into).collect();
            let by_whole = Cli::command()
                .try_get_matches_from(&args)
                .and_then(|mut m| Cli::from_arg_matches_mut(&mut m))
                .map(|cli| format!("{cli:?}"));
            match Cli::parse_by_one(&args) {
                Some(cli) => {
                    assert_eq!(Ok(format!("{cli:?}")), by_whole.map_err(|e| e.to_string()), "{case}");
                    same += 1;
                }
                None => left += 1,
            }
        }
        assert!(same >= 15 && left >= 8 * whole.get_subcommands().count(), "{same} parsed, {left} left");
    }

    #[test]
    fn assignments() {
        assert_eq!(parse_assignment("A.B=c=d"), Ok(("A.B".into(), "c=d".into())));
        assert!(parse_assignment("=x").is_err());
        assert!(parse_assignment("nothing").is_err());
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
