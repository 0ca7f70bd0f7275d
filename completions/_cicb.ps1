
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'cicb' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'cicb'
        for ($i = 1; $i -lt $commandElements.Count; $i++) {
            $element = $commandElements[$i]
            if ($element -isnot [StringConstantExpressionAst] -or
                $element.StringConstantType -ne [StringConstantType]::BareWord -or
                $element.Value.StartsWith('-') -or
                $element.Value -eq $wordToComplete) {
                break
        }
        $element.Value
    }) -join ';'

    $completions = @(switch ($command) {
        'cicb' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colors: auto (a terminal, and NO_COLOR unset or empty), always or never')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('summarize', 'summarize', [CompletionResultType]::ParameterValue, 'What ran, what failed and why, and where the outputs are: one body or many, at a glance')
            [CompletionResult]::new('convert', 'convert', [CompletionResultType]::ParameterValue, 'Convert a callback body between XML and JSON, losslessly')
            [CompletionResult]::new('parse', 'parse', [CompletionResultType]::ParameterValue, 'Show the decoded body as a tree, as a typed JSON model, or pull single values out')
            [CompletionResult]::new('validate', 'validate', [CompletionResultType]::ParameterValue, 'Lint callback fixtures: spec rules, line:column diagnostics, CI-native output')
            [CompletionResult]::new('sample', 'sample', [CompletionResultType]::ParameterValue, 'Write a realistic body: any job Tag, a workflow run, the legacy and audit forms')
            [CompletionResult]::new('schema', 'schema', [CompletionResultType]::ParameterValue, 'Print a JSON Schema of the callback bodies, for validators and type generators')
            [CompletionResult]::new('diff', 'diff', [CompletionResultType]::ParameterValue, 'Compare two bodies by meaning (XML and JSON alike), ids and times left out by default')
            [CompletionResult]::new('redact', 'redact', [CompletionResultType]::ParameterValue, 'Replace buckets, APPIDs, ids, keys and URLs with stable pseudonyms, in place')
            [CompletionResult]::new('listen', 'listen', [CompletionResultType]::ParameterValue, 'Receive callbacks over HTTP: save each body durably, show what it says, pass it on')
            [CompletionResult]::new('send', 'send', [CompletionResultType]::ParameterValue, 'POST callback bodies to a URL or a Kafka topic: replay captures against your handler, or load-test it')
            [CompletionResult]::new('consume', 'consume', [CompletionResultType]::ParameterValue, 'Receive callbacks from Kafka (CKafka) in a consumer group: save each body durably, then commit')
            [CompletionResult]::new('inspect', 'inspect', [CompletionResultType]::ParameterValue, 'A local web page over a capture folder: the list (live), each body''s summary, raw bytes and findings, compare, replay to your handler')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script')
            [CompletionResult]::new('man', 'man', [CompletionResultType]::ParameterValue, 'Print the man page (roff), or write every page (one per subcommand) to a folder')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'cicb;summarize' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colors: auto (a terminal, and NO_COLOR unset or empty), always or never')
            [CompletionResult]::new('--exclude', '--exclude', [CompletionResultType]::ParameterName, 'Leave out files and folders matching GLOB (repeatable), as `validate --exclude` does')
            [CompletionResult]::new('--from', '--from', [CompletionResultType]::ParameterName, 'Read the input as this format instead of detecting it from the first character')
            [CompletionResult]::new('--max-size', '--max-size', [CompletionResultType]::ParameterName, 'Largest input accepted, in bytes; K, M and G suffixes allowed')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output: a human view (header, task table, failures, outputs), a stable JSON object per input (NDJSON when several), or Markdown to paste into a ticket')
            [CompletionResult]::new('--width', '--width', [CompletionResultType]::ParameterName, 'Fit the human view in N columns (0: no limit, every table column as wide as its content). Default: the terminal''s width; piped, $COLUMNS when set, else 120')
            [CompletionResult]::new('--outputs', '--outputs', [CompletionResultType]::ParameterName, 'Print only the output files, one per line (`cos://bucket/key`, or URLs with --url). When there are none, a note on stderr says why; the exit code stays 0')
            [CompletionResult]::new('--url', '--url', [CompletionResultType]::ParameterName, 'Show outputs as `https://<bucket>.cos.<region>.myqcloud.com/<percent-encoded key>`')
            [CompletionResult]::new('--exit-status', '--exit-status', [CompletionResultType]::ParameterName, 'Exit 1 when the workflow, a task or a job failed (as `git diff --exit-code` does)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'cicb;convert' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colors: auto (a terminal, and NO_COLOR unset or empty), always or never')
            [CompletionResult]::new('--to', '--to', [CompletionResultType]::ParameterName, 'Target format; by default the other one')
            [CompletionResult]::new('--from', '--from', [CompletionResultType]::ParameterName, 'Read the input as this format instead of detecting it from the first character')
            [CompletionResult]::new('--max-size', '--max-size', [CompletionResultType]::ParameterName, 'Largest input accepted, in bytes; K, M and G suffixes allowed')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Write to FILE (atomically: on any error it is left untouched) instead of stdout')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Write to FILE (atomically: on any error it is left untouched) instead of stdout')
            [CompletionResult]::new('--jobs-detail', '--jobs-detail', [CompletionResultType]::ParameterName, 'JSON: write JobsDetail as an object (COS docs) or a one-element array (CI docs)')
            [CompletionResult]::new('--compact', '--compact', [CompletionResultType]::ParameterName, 'One line, no indentation')
            [CompletionResult]::new('--wrap', '--wrap', [CompletionResultType]::ParameterName, 'JSON: keep a {"Response": ...} wrapper around the body')
            [CompletionResult]::new('--omit-empty', '--omit-empty', [CompletionResultType]::ParameterName, 'JSON: leave out elements that are empty in the XML, as Tencent''s JSON bodies do')
            [CompletionResult]::new('--drop-comments', '--drop-comments', [CompletionResultType]::ParameterName, 'Leave out XML comments and processing instructions (without it they are an error: the element tree, and so JSON, has no place for them)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'cicb;parse' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colors: auto (a terminal, and NO_COLOR unset or empty), always or never')
            [CompletionResult]::new('--exclude', '--exclude', [CompletionResultType]::ParameterName, 'Leave out files and folders matching GLOB (repeatable), as `validate --exclude` does')
            [CompletionResult]::new('--from', '--from', [CompletionResultType]::ParameterName, 'Read the input as this format instead of detecting it from the first character')
            [CompletionResult]::new('--max-size', '--max-size', [CompletionResultType]::ParameterName, 'Largest input accepted, in bytes; K, M and G suffixes allowed')
            [CompletionResult]::new('-g', '-g', [CompletionResultType]::ParameterName, 'Print the value(s) at PATH, one per line (repeatable)')
            [CompletionResult]::new('--get', '--get', [CompletionResultType]::ParameterName, 'Print the value(s) at PATH, one per line (repeatable)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output: a readable tree, or the typed model as JSON')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'cicb;validate' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colors: auto (a terminal, and NO_COLOR unset or empty), always or never')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output: rustc-style diagnostics on stderr (human), one JSON array of diagnostics on stdout (json), or GitHub Actions annotations on stdout (github)')
            [CompletionResult]::new('--exclude', '--exclude', [CompletionResultType]::ParameterName, 'Leave out files and folders matching GLOB (repeatable): `--exclude ''drafts/**''`, `--exclude ''*.draft.xml''` (matched against the path as found and the file name)')
            [CompletionResult]::new('--max-size', '--max-size', [CompletionResultType]::ParameterName, 'Largest input accepted, in bytes; K, M and G suffixes allowed')
            [CompletionResult]::new('--strict', '--strict', [CompletionResultType]::ParameterName, 'Treat warnings as errors: a file with a warning is invalid')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print only problems: no closing `checked N files` line')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print only problems: no closing `checked N files` line')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'cicb;sample' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colors: auto (a terminal, and NO_COLOR unset or empty), always or never')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format: XML, or Tencent''s JSON form (shaped by --wrap, --jobs-detail, --omit-empty)')
            [CompletionResult]::new('--trigger', '--trigger', [CompletionResultType]::ParameterName, 'Who started the job: a job-submitting API call, or a workflow (adds JobsDetail.Workflow and the input''s CosHeaders)')
            [CompletionResult]::new('--state', '--state', [CompletionResultType]::ParameterName, 'How it ended: Failed gives a Code and a Message and no outputs (a workflow: its last task failed)')
            [CompletionResult]::new('--tasks', '--tasks', [CompletionResultType]::ParameterName, 'The task types of a workflow sample, comma-separated (default: Transcode,Snapshot)')
            [CompletionResult]::new('--bucket', '--bucket', [CompletionResultType]::ParameterName, 'The bucket of the input and the outputs')
            [CompletionResult]::new('--region', '--region', [CompletionResultType]::ParameterName, 'The region of the bucket')
            [CompletionResult]::new('--object', '--object', [CompletionResultType]::ParameterName, 'The input object (key); outputs are named after it. By default one that suits the job')
            [CompletionResult]::new('--seed', '--seed', [CompletionResultType]::ParameterName, 'Seed the ids, times and measurements: the same seed gives the same bytes')
            [CompletionResult]::new('--set', '--set', [CompletionResultType]::ParameterName, 'Set the value at PATH (the path syntax of `parse --get`; repeatable). A node the spec knows but the sample lacks is added in its place')
            [CompletionResult]::new('--jobs-detail', '--jobs-detail', [CompletionResultType]::ParameterName, 'JSON: write JobsDetail as an object (COS docs) or a one-element array (CI docs)')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Write to FILE (atomically: on any error it is left untouched) instead of stdout')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Write to FILE (atomically: on any error it is left untouched) instead of stdout')
            [CompletionResult]::new('--list', '--list', [CompletionResultType]::ParameterName, 'Print every name it takes, one a line')
            [CompletionResult]::new('--compact', '--compact', [CompletionResultType]::ParameterName, 'One line, no indentation')
            [CompletionResult]::new('--wrap', '--wrap', [CompletionResultType]::ParameterName, 'JSON: keep a {"Response": ...} wrapper around the body')
            [CompletionResult]::new('--omit-empty', '--omit-empty', [CompletionResultType]::ParameterName, 'JSON: leave out elements that are empty in the XML, as Tencent''s JSON bodies do')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'cicb;schema' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colors: auto (a terminal, and NO_COLOR unset or empty), always or never')
            [CompletionResult]::new('--draft', '--draft', [CompletionResultType]::ParameterName, 'The JSON Schema draft to write: 2020-12, or 7 (draft-07) for tools that need it')
            [CompletionResult]::new('--kind', '--kind', [CompletionResultType]::ParameterName, 'Only the bodies of this kind: job (TaskFinish), workflow (WorkflowFinish) or audit (content moderation); by default all of them')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Write to FILE (atomically: on any error it is left untouched) instead of stdout')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Write to FILE (atomically: on any error it is left untouched) instead of stdout')
            [CompletionResult]::new('--dir', '--dir', [CompletionResultType]::ParameterName, 'Write one file per kind (job, workflow, audit .schema.json) and callback.schema.json, a root that references them, into DIR (created if missing)')
            [CompletionResult]::new('--strict', '--strict', [CompletionResultType]::ParameterName, 'Forbid the nodes the spec does not list where it lists a parent''s children in full (additionalProperties: false), and other Tags'' result containers in a job''s Operation')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'cicb;diff' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colors: auto (a terminal, and NO_COLOR unset or empty), always or never')
            [CompletionResult]::new('--from', '--from', [CompletionResultType]::ParameterName, 'Read the input as this format instead of detecting it from the first character')
            [CompletionResult]::new('--max-size', '--max-size', [CompletionResultType]::ParameterName, 'Largest input accepted, in bytes; K, M and G suffixes allowed')
            [CompletionResult]::new('--ignore', '--ignore', [CompletionResultType]::ParameterName, 'Leave out the nodes at PATH and everything below them (repeatable; the `parse --get` syntax: `WorkflowExecution.Tasks[*].Name`, `JobsDetail.Operation.UserData`)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output: one line per change, or a JSON array of {op, path, old, new, item}')
            [CompletionResult]::new('--all', '--all', [CompletionResultType]::ParameterName, 'Compare everything: job, run and queue ids, times, x-cos-request-id and trace_id too')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'cicb;redact' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colors: auto (a terminal, and NO_COLOR unset or empty), always or never')
            [CompletionResult]::new('--from', '--from', [CompletionResultType]::ParameterName, 'Read the input as this format instead of detecting it from the first character')
            [CompletionResult]::new('--max-size', '--max-size', [CompletionResultType]::ParameterName, 'Largest input accepted, in bytes; K, M and G suffixes allowed')
            [CompletionResult]::new('--salt', '--salt', [CompletionResultType]::ParameterName, 'Key of the pseudonyms: the same salt gives the same pseudonyms, so bodies redacted with it stay comparable with `diff --all`. Default: random, new on every run')
            [CompletionResult]::new('--keep', '--keep', [CompletionResultType]::ParameterName, 'Leave every value of CLASS as it is (id, key, bucket, url, text, name, hash, header, unclassified), or the nodes at PATH and below (the `parse --get` syntax); repeatable. Values replaced elsewhere are still replaced inside kept text')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Write to FILE (atomically: on any error it is left untouched) instead of stdout; for a capture folder, the new folder to write')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Write to FILE (atomically: on any error it is left untouched) instead of stdout; for a capture folder, the new folder to write')
            [CompletionResult]::new('--explain', '--explain', [CompletionResultType]::ParameterName, 'List on stderr what was replaced: one line per value, its class and its path')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'No report of what was replaced on stderr')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'No report of what was replaced on stderr')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'cicb;listen' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colors: auto (a terminal, and NO_COLOR unset or empty), always or never')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'TCP port to listen on; 0 picks a free one (the real port is printed on stderr)')
            [CompletionResult]::new('--port', '--port', [CompletionResultType]::ParameterName, 'TCP port to listen on; 0 picks a free one (the real port is printed on stderr)')
            [CompletionResult]::new('--host', '--host', [CompletionResultType]::ParameterName, 'Address to bind; 0.0.0.0 or :: to take callbacks from other hosts (see --secret-path, --allow and --tls-cert before you do)')
            [CompletionResult]::new('--bind', '--bind', [CompletionResultType]::ParameterName, 'Address to bind; 0.0.0.0 or :: to take callbacks from other hosts (see --secret-path, --allow and --tls-cert before you do)')
            [CompletionResult]::new('-d', '-d', [CompletionResultType]::ParameterName, 'Where captures and index.ndjson are written (created if missing)')
            [CompletionResult]::new('--dir', '--dir', [CompletionResultType]::ParameterName, 'Where captures and index.ndjson are written (created if missing)')
            [CompletionResult]::new('--path', '--path', [CompletionResultType]::ParameterName, 'Take callbacks at this path only, such as /cb/TOKEN (its last segment is a secret of at least 16 characters, never shown or saved); any other path gets 404')
            [CompletionResult]::new('--tls-cert', '--tls-cert', [CompletionResultType]::ParameterName, 'Serve HTTPS with this certificate chain (PEM, such as certbot''s fullchain.pem); reloaded with the key on SIGHUP')
            [CompletionResult]::new('--tls-key', '--tls-key', [CompletionResultType]::ParameterName, 'The private key of --tls-cert (PEM, such as certbot''s privkey.pem)')
            [CompletionResult]::new('--allow', '--allow', [CompletionResultType]::ParameterName, 'Take callbacks only from these addresses, as CIDR ranges or single addresses, IPv4 or IPv6 (repeatable); others get 403')
            [CompletionResult]::new('--trust-proxy', '--trust-proxy', [CompletionResultType]::ParameterName, 'Believe X-Forwarded-For from these proxies (CIDR, repeatable): behind Caddy or nginx, the client is the address the proxy forwarded for')
            [CompletionResult]::new('--rate', '--rate', [CompletionResultType]::ParameterName, 'Most requests per second from one client address (per /64 for IPv6); more get 429. Such as 10, 10/s or 600/m')
            [CompletionResult]::new('--min-free', '--min-free', [CompletionResultType]::ParameterName, 'Free space to keep on the disk of --dir: below it, callbacks get 507 and nothing is saved. A size (K, M, G) or a share (5%); 0 turns the guard off. Default: 1G or 5%, whichever is smaller')
            [CompletionResult]::new('--max-captures', '--max-captures', [CompletionResultType]::ParameterName, 'Keep at most N captures: the oldest are removed (files and index lines) as new ones come')
            [CompletionResult]::new('--max-age', '--max-age', [CompletionResultType]::ParameterName, 'Remove captures older than this (30m, 12h, 7d)')
            [CompletionResult]::new('--forward-to', '--forward-to', [CompletionResultType]::ParameterName, 'After saving, pass each request (method, path, headers, exact body) on to this URL; the request''s path (below --path) is appended to the URL''s path')
            [CompletionResult]::new('--status', '--status', [CompletionResultType]::ParameterName, 'HTTP status to answer callbacks with (the console''s test request always gets 200)')
            [CompletionResult]::new('--max-body', '--max-body', [CompletionResultType]::ParameterName, 'Largest body accepted; bigger ones get 413 and are not saved. K, M and G suffixes allowed')
            [CompletionResult]::new('--header-timeout', '--header-timeout', [CompletionResultType]::ParameterName, 'Time a client has for its TLS handshake, request line and headers')
            [CompletionResult]::new('--body-timeout', '--body-timeout', [CompletionResultType]::ParameterName, 'Time a client has to send its whole body')
            [CompletionResult]::new('--max-connections', '--max-connections', [CompletionResultType]::ParameterName, 'Most connections open at once (fitted to the open-files limit); more wait to be accepted')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output: one line per callback (human), or one JSON object per callback (NDJSON)')
            [CompletionResult]::new('-n', '-n', [CompletionResultType]::ParameterName, 'Exit after N captures')
            [CompletionResult]::new('--count', '--count', [CompletionResultType]::ParameterName, 'Exit after N captures')
            [CompletionResult]::new('--inspect', '--inspect', [CompletionResultType]::ParameterName, 'Also serve the inspect page over --dir on 127.0.0.1:PORT (4040 without a value; 0 picks a free port); its URL, token included, is printed on stderr')
            [CompletionResult]::new('--secret-path', '--secret-path', [CompletionResultType]::ParameterName, 'Take callbacks at a random secret path (/cb/ and 128 random bits) and print the URL to paste into the CI console')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'cicb;send' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colors: auto (a terminal, and NO_COLOR unset or empty), always or never')
            [CompletionResult]::new('-H', '-H ', [CompletionResultType]::ParameterName, 'An extra header, NAME:VALUE (repeatable); it replaces a header cicb would set')
            [CompletionResult]::new('--header', '--header', [CompletionResultType]::ParameterName, 'An extra header, NAME:VALUE (repeatable); it replaces a header cicb would set')
            [CompletionResult]::new('--set', '--set', [CompletionResultType]::ParameterName, 'Set the value at PATH (the `parse --get` syntax) before sending, escaped for the body''s format; the rest of the body is sent byte for byte (repeatable)')
            [CompletionResult]::new('--timeout', '--timeout', [CompletionResultType]::ParameterName, 'Seconds a request may take, connecting included')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output: one line per body (human), or one JSON object per body (NDJSON)')
            [CompletionResult]::new('--repeat', '--repeat', [CompletionResultType]::ParameterName, 'Send every body N times; with N > 1 only the totals are printed (requests/s, p50, p99)')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Requests in flight at once (each on its own kept-alive connection)')
            [CompletionResult]::new('--concurrency', '--concurrency', [CompletionResultType]::ParameterName, 'Requests in flight at once (each on its own kept-alive connection)')
            [CompletionResult]::new('--max-size', '--max-size', [CompletionResultType]::ParameterName, 'Largest file sent, in bytes; K, M and G suffixes allowed')
            [CompletionResult]::new('--security-protocol', '--security-protocol', [CompletionResultType]::ParameterName, 'PLAINTEXT, SSL, SASL_PLAINTEXT or SASL_SSL')
            [CompletionResult]::new('--sasl-mechanism', '--sasl-mechanism', [CompletionResultType]::ParameterName, 'PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512')
            [CompletionResult]::new('--sasl-username', '--sasl-username', [CompletionResultType]::ParameterName, 'The SASL user (CKafka: `instanceId#user`)')
            [CompletionResult]::new('--sasl-password-file', '--sasl-password-file', [CompletionResultType]::ParameterName, 'A file holding the SASL password (its first line). Or set CICB_SASL_PASSWORD')
            [CompletionResult]::new('--ssl-ca-location', '--ssl-ca-location', [CompletionResultType]::ParameterName, 'CA certificates (PEM) to verify the brokers with, for SSL and SASL_SSL')
            [CompletionResult]::new('-X', '-X ', [CompletionResultType]::ParameterName, 'A librdkafka property, KEY=VALUE (repeatable), as kcat -X; it overrides cicb''s')
            [CompletionResult]::new('-F', '-F ', [CompletionResultType]::ParameterName, 'A file of librdkafka properties (KEY=VALUE lines, # comments), as kcat -F')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'cicb;consume' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colors: auto (a terminal, and NO_COLOR unset or empty), always or never')
            [CompletionResult]::new('-b', '-b', [CompletionResultType]::ParameterName, 'Brokers to start from, HOST:PORT[,HOST:PORT…]')
            [CompletionResult]::new('--bootstrap-server', '--bootstrap-server', [CompletionResultType]::ParameterName, 'Brokers to start from, HOST:PORT[,HOST:PORT…]')
            [CompletionResult]::new('-t', '-t', [CompletionResultType]::ParameterName, 'A topic to consume (repeatable)')
            [CompletionResult]::new('--topic', '--topic', [CompletionResultType]::ParameterName, 'A topic to consume (repeatable)')
            [CompletionResult]::new('-g', '-g', [CompletionResultType]::ParameterName, 'The consumer group: members of one group share the topic''s partitions')
            [CompletionResult]::new('--group', '--group', [CompletionResultType]::ParameterName, 'The consumer group: members of one group share the topic''s partitions')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Where to start when the group has no committed offset for a partition: its beginning, its end (only new messages), or stored (committed offsets only: a partition without one is an error)')
            [CompletionResult]::new('--offset', '--offset', [CompletionResultType]::ParameterName, 'Where to start when the group has no committed offset for a partition: its beginning, its end (only new messages), or stored (committed offsets only: a partition without one is an error)')
            [CompletionResult]::new('-c', '-c', [CompletionResultType]::ParameterName, 'Exit after N messages')
            [CompletionResult]::new('--max-messages', '--max-messages', [CompletionResultType]::ParameterName, 'Exit after N messages')
            [CompletionResult]::new('--idle-timeout', '--idle-timeout', [CompletionResultType]::ParameterName, 'Exit 0 when no message came for this long (500ms, 30s, 5m)')
            [CompletionResult]::new('--connect-timeout', '--connect-timeout', [CompletionResultType]::ParameterName, 'How long to wait for the brokers before giving up with exit 2')
            [CompletionResult]::new('-d', '-d', [CompletionResultType]::ParameterName, 'Where captures and index.ndjson are written (created if missing). Default: ./callbacks, or nothing saved with --forward-to')
            [CompletionResult]::new('--dir', '--dir', [CompletionResultType]::ParameterName, 'Where captures and index.ndjson are written (created if missing). Default: ./callbacks, or nothing saved with --forward-to')
            [CompletionResult]::new('--forward-to', '--forward-to', [CompletionResultType]::ParameterName, 'POST each message value to this URL; its offset is committed only after a 2xx answer (until then it is delivered again)')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output: one line per message (human), or one JSON object per message (NDJSON)')
            [CompletionResult]::new('--inspect', '--inspect', [CompletionResultType]::ParameterName, 'Also serve the inspect page over --dir on 127.0.0.1:PORT (4040 without a value; 0 picks a free port); its URL, token included, is printed on stderr')
            [CompletionResult]::new('--security-protocol', '--security-protocol', [CompletionResultType]::ParameterName, 'PLAINTEXT, SSL, SASL_PLAINTEXT or SASL_SSL')
            [CompletionResult]::new('--sasl-mechanism', '--sasl-mechanism', [CompletionResultType]::ParameterName, 'PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512')
            [CompletionResult]::new('--sasl-username', '--sasl-username', [CompletionResultType]::ParameterName, 'The SASL user (CKafka: `instanceId#user`)')
            [CompletionResult]::new('--sasl-password-file', '--sasl-password-file', [CompletionResultType]::ParameterName, 'A file holding the SASL password (its first line). Or set CICB_SASL_PASSWORD')
            [CompletionResult]::new('--ssl-ca-location', '--ssl-ca-location', [CompletionResultType]::ParameterName, 'CA certificates (PEM) to verify the brokers with, for SSL and SASL_SSL')
            [CompletionResult]::new('-X', '-X ', [CompletionResultType]::ParameterName, 'A librdkafka property, KEY=VALUE (repeatable), as kcat -X; it overrides cicb''s')
            [CompletionResult]::new('-F', '-F ', [CompletionResultType]::ParameterName, 'A file of librdkafka properties (KEY=VALUE lines, # comments), as kcat -F')
            [CompletionResult]::new('--from-beginning', '--from-beginning', [CompletionResultType]::ParameterName, 'The same as `--offset beginning`')
            [CompletionResult]::new('-e', '-e', [CompletionResultType]::ParameterName, 'Exit 0 once every assigned partition has been read to its end')
            [CompletionResult]::new('--exit-at-end', '--exit-at-end', [CompletionResultType]::ParameterName, 'Exit 0 once every assigned partition has been read to its end')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'cicb;inspect' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colors: auto (a terminal, and NO_COLOR unset or empty), always or never')
            [CompletionResult]::new('-p', '-p', [CompletionResultType]::ParameterName, 'TCP port to serve the page on; 0 picks a free one (the URL is printed on stderr)')
            [CompletionResult]::new('--port', '--port', [CompletionResultType]::ParameterName, 'TCP port to serve the page on; 0 picks a free one (the URL is printed on stderr)')
            [CompletionResult]::new('--host', '--host', [CompletionResultType]::ParameterName, 'Address to bind. The page shows every capture: keep it on 127.0.0.1 unless the network is yours')
            [CompletionResult]::new('--open', '--open', [CompletionResultType]::ParameterName, 'Open the page in the default browser')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'cicb;completions' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colors: auto (a terminal, and NO_COLOR unset or empty), always or never')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'cicb;man' {
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colors: auto (a terminal, and NO_COLOR unset or empty), always or never')
            [CompletionResult]::new('--dir', '--dir', [CompletionResultType]::ParameterName, 'Write cicb.1 and a cicb-COMMAND.1 for every subcommand into DIR (created if missing) instead of printing the main page')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            break
        }
        'cicb;help' {
            [CompletionResult]::new('summarize', 'summarize', [CompletionResultType]::ParameterValue, 'What ran, what failed and why, and where the outputs are: one body or many, at a glance')
            [CompletionResult]::new('convert', 'convert', [CompletionResultType]::ParameterValue, 'Convert a callback body between XML and JSON, losslessly')
            [CompletionResult]::new('parse', 'parse', [CompletionResultType]::ParameterValue, 'Show the decoded body as a tree, as a typed JSON model, or pull single values out')
            [CompletionResult]::new('validate', 'validate', [CompletionResultType]::ParameterValue, 'Lint callback fixtures: spec rules, line:column diagnostics, CI-native output')
            [CompletionResult]::new('sample', 'sample', [CompletionResultType]::ParameterValue, 'Write a realistic body: any job Tag, a workflow run, the legacy and audit forms')
            [CompletionResult]::new('schema', 'schema', [CompletionResultType]::ParameterValue, 'Print a JSON Schema of the callback bodies, for validators and type generators')
            [CompletionResult]::new('diff', 'diff', [CompletionResultType]::ParameterValue, 'Compare two bodies by meaning (XML and JSON alike), ids and times left out by default')
            [CompletionResult]::new('redact', 'redact', [CompletionResultType]::ParameterValue, 'Replace buckets, APPIDs, ids, keys and URLs with stable pseudonyms, in place')
            [CompletionResult]::new('listen', 'listen', [CompletionResultType]::ParameterValue, 'Receive callbacks over HTTP: save each body durably, show what it says, pass it on')
            [CompletionResult]::new('send', 'send', [CompletionResultType]::ParameterValue, 'POST callback bodies to a URL or a Kafka topic: replay captures against your handler, or load-test it')
            [CompletionResult]::new('consume', 'consume', [CompletionResultType]::ParameterValue, 'Receive callbacks from Kafka (CKafka) in a consumer group: save each body durably, then commit')
            [CompletionResult]::new('inspect', 'inspect', [CompletionResultType]::ParameterValue, 'A local web page over a capture folder: the list (live), each body''s summary, raw bytes and findings, compare, replay to your handler')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print a shell completion script')
            [CompletionResult]::new('man', 'man', [CompletionResultType]::ParameterValue, 'Print the man page (roff), or write every page (one per subcommand) to a folder')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'cicb;help;summarize' {
            break
        }
        'cicb;help;convert' {
            break
        }
        'cicb;help;parse' {
            break
        }
        'cicb;help;validate' {
            break
        }
        'cicb;help;sample' {
            break
        }
        'cicb;help;schema' {
            break
        }
        'cicb;help;diff' {
            break
        }
        'cicb;help;redact' {
            break
        }
        'cicb;help;listen' {
            break
        }
        'cicb;help;send' {
            break
        }
        'cicb;help;consume' {
            break
        }
        'cicb;help;inspect' {
            break
        }
        'cicb;help;completions' {
            break
        }
        'cicb;help;man' {
            break
        }
        'cicb;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
