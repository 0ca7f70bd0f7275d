# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_cicb_global_optspecs
    string join \n color= h/help V/version
end

function __fish_cicb_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_cicb_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_cicb_using_subcommand
    set -l cmd (__fish_cicb_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c cicb -n "__fish_cicb_needs_command" -l color -d 'When to use colors: auto (a terminal, and NO_COLOR unset or empty), always or never' -r -f -a "auto\t'Color when the stream is a terminal and NO_COLOR is unset or empty'
always\t''
never\t''"
complete -c cicb -n "__fish_cicb_needs_command" -s h -l help -d 'Print help'
complete -c cicb -n "__fish_cicb_needs_command" -s V -l version -d 'Print version'
complete -c cicb -n "__fish_cicb_needs_command" -f -a "summarize" -d 'What ran, what failed and why, and where the outputs are: one body or many, at a glance'
complete -c cicb -n "__fish_cicb_needs_command" -f -a "convert" -d 'Convert a callback body between XML and JSON, losslessly'
complete -c cicb -n "__fish_cicb_needs_command" -f -a "parse" -d 'Show the decoded body as a tree, as a typed JSON model, or pull single values out'
complete -c cicb -n "__fish_cicb_needs_command" -f -a "validate" -d 'Lint callback fixtures: spec rules, line:column diagnostics, CI-native output'
complete -c cicb -n "__fish_cicb_needs_command" -f -a "sample" -d 'Write a realistic body: any job Tag, a workflow run, the legacy and audit forms'
complete -c cicb -n "__fish_cicb_needs_command" -f -a "schema" -d 'Print a JSON Schema of the callback bodies, for validators and type generators'
complete -c cicb -n "__fish_cicb_needs_command" -f -a "diff" -d 'Compare two bodies by meaning (XML and JSON alike), ids and times left out by default'
complete -c cicb -n "__fish_cicb_needs_command" -f -a "redact" -d 'Replace buckets, APPIDs, ids, keys and URLs with stable pseudonyms, in place'
complete -c cicb -n "__fish_cicb_needs_command" -f -a "listen" -d 'Receive callbacks over HTTP: save each body durably, show what it says, pass it on'
complete -c cicb -n "__fish_cicb_needs_command" -f -a "send" -d 'POST callback bodies to a URL or a Kafka topic: replay captures against your handler, or load-test it'
complete -c cicb -n "__fish_cicb_needs_command" -f -a "consume" -d 'Receive callbacks from Kafka (CKafka) in a consumer group: save each body durably, then commit'
complete -c cicb -n "__fish_cicb_needs_command" -f -a "inspect" -d 'A local web page over a capture folder: the list (live), each body\'s summary, raw bytes and findings, compare, replay to your handler'
complete -c cicb -n "__fish_cicb_needs_command" -f -a "completions" -d 'Print a shell completion script'
complete -c cicb -n "__fish_cicb_needs_command" -f -a "man" -d 'Print the man page (roff), or write every page (one per subcommand) to a folder'
complete -c cicb -n "__fish_cicb_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c cicb -n "__fish_cicb_using_subcommand summarize" -l color -d 'When to use colors: auto (a terminal, and NO_COLOR unset or empty), always or never' -r -f -a "auto\t'Color when the stream is a terminal and NO_COLOR is unset or empty'
always\t''
never\t''"
complete -c cicb -n "__fish_cicb_using_subcommand summarize" -l exclude -d 'Leave out files and folders matching GLOB (repeatable), as `validate --exclude` does' -r
complete -c cicb -n "__fish_cicb_using_subcommand summarize" -l from -d 'Read the input as this format instead of detecting it from the first character' -r -f -a "xml\t''
json\t''"
complete -c cicb -n "__fish_cicb_using_subcommand summarize" -l max-size -d 'Largest input accepted, in bytes; K, M and G suffixes allowed' -r
complete -c cicb -n "__fish_cicb_using_subcommand summarize" -l format -d 'Output: a human view (header, task table, failures, outputs), a stable JSON object per input (NDJSON when several), or Markdown to paste into a ticket' -r -f -a "human\t'Header, task table, failures, results and outputs'
json\t'One documented JSON object per input'
markdown\t'The human view as Markdown'"
complete -c cicb -n "__fish_cicb_using_subcommand summarize" -l width -d 'Fit the human view in N columns (0: no limit, every table column as wide as its content). Default: the terminal\'s width; piped, $COLUMNS when set, else 120' -r
complete -c cicb -n "__fish_cicb_using_subcommand summarize" -l outputs -d 'Print only the output files, one per line (`cos://bucket/key`, or URLs with --url). When there are none, a note on stderr says why; the exit code stays 0'
complete -c cicb -n "__fish_cicb_using_subcommand summarize" -l url -d 'Show outputs as `https://<bucket>.cos.<region>.myqcloud.com/<percent-encoded key>`'
complete -c cicb -n "__fish_cicb_using_subcommand summarize" -l exit-status -d 'Exit 1 when the workflow, a task or a job failed (as `git diff --exit-code` does)'
complete -c cicb -n "__fish_cicb_using_subcommand summarize" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c cicb -n "__fish_cicb_using_subcommand summarize" -s V -l version -d 'Print version'
complete -c cicb -n "__fish_cicb_using_subcommand convert" -l color -d 'When to use colors: auto (a terminal, and NO_COLOR unset or empty), always or never' -r -f -a "auto\t'Color when the stream is a terminal and NO_COLOR is unset or empty'
always\t''
never\t''"
complete -c cicb -n "__fish_cicb_using_subcommand convert" -l to -d 'Target format; by default the other one' -r -f -a "xml\t''
json\t''"
complete -c cicb -n "__fish_cicb_using_subcommand convert" -l from -d 'Read the input as this format instead of detecting it from the first character' -r -f -a "xml\t''
json\t''"
complete -c cicb -n "__fish_cicb_using_subcommand convert" -l max-size -d 'Largest input accepted, in bytes; K, M and G suffixes allowed' -r
complete -c cicb -n "__fish_cicb_using_subcommand convert" -s o -l output -d 'Write to FILE (atomically: on any error it is left untouched) instead of stdout' -r -F
complete -c cicb -n "__fish_cicb_using_subcommand convert" -l jobs-detail -d 'JSON: write JobsDetail as an object (COS docs) or a one-element array (CI docs)' -r -f -a "object\t''
array\t''"
complete -c cicb -n "__fish_cicb_using_subcommand convert" -l compact -d 'One line, no indentation'
complete -c cicb -n "__fish_cicb_using_subcommand convert" -l wrap -d 'JSON: keep a {"Response": ...} wrapper around the body'
complete -c cicb -n "__fish_cicb_using_subcommand convert" -l omit-empty -d 'JSON: leave out elements that are empty in the XML, as Tencent\'s JSON bodies do'
complete -c cicb -n "__fish_cicb_using_subcommand convert" -l drop-comments -d 'Leave out XML comments and processing instructions (without it they are an error: the element tree, and so JSON, has no place for them)'
complete -c cicb -n "__fish_cicb_using_subcommand convert" -s h -l help -d 'Print help'
complete -c cicb -n "__fish_cicb_using_subcommand convert" -s V -l version -d 'Print version'
complete -c cicb -n "__fish_cicb_using_subcommand parse" -l color -d 'When to use colors: auto (a terminal, and NO_COLOR unset or empty), always or never' -r -f -a "auto\t'Color when the stream is a terminal and NO_COLOR is unset or empty'
always\t''
never\t''"
complete -c cicb -n "__fish_cicb_using_subcommand parse" -l exclude -d 'Leave out files and folders matching GLOB (repeatable), as `validate --exclude` does' -r
complete -c cicb -n "__fish_cicb_using_subcommand parse" -l from -d 'Read the input as this format instead of detecting it from the first character' -r -f -a "xml\t''
json\t''"
complete -c cicb -n "__fish_cicb_using_subcommand parse" -l max-size -d 'Largest input accepted, in bytes; K, M and G suffixes allowed' -r
complete -c cicb -n "__fish_cicb_using_subcommand parse" -s g -l get -d 'Print the value(s) at PATH, one per line (repeatable)' -r
complete -c cicb -n "__fish_cicb_using_subcommand parse" -l format -d 'Output: a readable tree, or the typed model as JSON' -r -f -a "tree\t''
json\t''"
complete -c cicb -n "__fish_cicb_using_subcommand parse" -s h -l help -d 'Print help'
complete -c cicb -n "__fish_cicb_using_subcommand parse" -s V -l version -d 'Print version'
complete -c cicb -n "__fish_cicb_using_subcommand validate" -l color -d 'When to use colors: auto (a terminal, and NO_COLOR unset or empty), always or never' -r -f -a "auto\t'Color when the stream is a terminal and NO_COLOR is unset or empty'
always\t''
never\t''"
complete -c cicb -n "__fish_cicb_using_subcommand validate" -l format -d 'Output: rustc-style diagnostics on stderr (human), one JSON array of diagnostics on stdout (json), or GitHub Actions annotations on stdout (github)' -r -f -a "human\t'rustc-style diagnostics on stderr'
json\t'One JSON array of {file, line, column, path, rule, severity, message} on stdout'
github\t'GitHub Actions workflow commands (::error file=…,line=…::…) on stdout'"
complete -c cicb -n "__fish_cicb_using_subcommand validate" -l exclude -d 'Leave out files and folders matching GLOB (repeatable): `--exclude \'drafts/**\'`, `--exclude \'*.draft.xml\'` (matched against the path as found and the file name)' -r
complete -c cicb -n "__fish_cicb_using_subcommand validate" -l max-size -d 'Largest input accepted, in bytes; K, M and G suffixes allowed' -r
complete -c cicb -n "__fish_cicb_using_subcommand validate" -l strict -d 'Treat warnings as errors: a file with a warning is invalid'
complete -c cicb -n "__fish_cicb_using_subcommand validate" -s q -l quiet -d 'Print only problems: no closing `checked N files` line'
complete -c cicb -n "__fish_cicb_using_subcommand validate" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c cicb -n "__fish_cicb_using_subcommand validate" -s V -l version -d 'Print version'
complete -c cicb -n "__fish_cicb_using_subcommand sample" -l color -d 'When to use colors: auto (a terminal, and NO_COLOR unset or empty), always or never' -r -f -a "auto\t'Color when the stream is a terminal and NO_COLOR is unset or empty'
always\t''
never\t''"
complete -c cicb -n "__fish_cicb_using_subcommand sample" -l format -d 'Output format: XML, or Tencent\'s JSON form (shaped by --wrap, --jobs-detail, --omit-empty)' -r -f -a "xml\t''
json\t''"
complete -c cicb -n "__fish_cicb_using_subcommand sample" -l trigger -d 'Who started the job: a job-submitting API call, or a workflow (adds JobsDetail.Workflow and the input\'s CosHeaders)' -r -f -a "api\t'A job-submitting API call'
workflow\t'A workflow'"
complete -c cicb -n "__fish_cicb_using_subcommand sample" -l state -d 'How it ended: Failed gives a Code and a Message and no outputs (a workflow: its last task failed)' -r -f -a "Success\t''
Failed\t''"
complete -c cicb -n "__fish_cicb_using_subcommand sample" -l tasks -d 'The task types of a workflow sample, comma-separated (default: Transcode,Snapshot)' -r -f -a "Animation\t''
Concat\t''
DigitalWatermark\t''
DocProcess\t''
ExtractDigitalWatermark\t''
FileCompress\t''
FileHashCode\t''
FileUncompress\t''
HighSpeedHd\t''
ImageInspect\t''
MediaInfo\t''
NoiseReduction\t''
PicProcess\t''
QualityEstimate\t''
SDRtoHDR\t''
Segment\t''
SmartCover\t''
Snapshot\t''
SoundHound\t''
SpeechRecognition\t''
SplitVideoParts\t''
StreamExtract\t''
SuperResolution\t''
Transcode\t''
Translation\t''
Tts\t''
VideoMontage\t''
VideoProcess\t''
VideoTag\t''
VideoTargetRec\t''
VocalScore\t''
VoiceSeparate\t''
WordsGeneralize\t''"
complete -c cicb -n "__fish_cicb_using_subcommand sample" -l bucket -d 'The bucket of the input and the outputs' -r
complete -c cicb -n "__fish_cicb_using_subcommand sample" -l region -d 'The region of the bucket' -r
complete -c cicb -n "__fish_cicb_using_subcommand sample" -l object -d 'The input object (key); outputs are named after it. By default one that suits the job' -r
complete -c cicb -n "__fish_cicb_using_subcommand sample" -l seed -d 'Seed the ids, times and measurements: the same seed gives the same bytes' -r
complete -c cicb -n "__fish_cicb_using_subcommand sample" -l set -d 'Set the value at PATH (the path syntax of `parse --get`; repeatable). A node the spec knows but the sample lacks is added in its place' -r
complete -c cicb -n "__fish_cicb_using_subcommand sample" -l jobs-detail -d 'JSON: write JobsDetail as an object (COS docs) or a one-element array (CI docs)' -r -f -a "object\t''
array\t''"
complete -c cicb -n "__fish_cicb_using_subcommand sample" -s o -l output -d 'Write to FILE (atomically: on any error it is left untouched) instead of stdout' -r -F
complete -c cicb -n "__fish_cicb_using_subcommand sample" -l list -d 'Print every name it takes, one a line'
complete -c cicb -n "__fish_cicb_using_subcommand sample" -l compact -d 'One line, no indentation'
complete -c cicb -n "__fish_cicb_using_subcommand sample" -l wrap -d 'JSON: keep a {"Response": ...} wrapper around the body'
complete -c cicb -n "__fish_cicb_using_subcommand sample" -l omit-empty -d 'JSON: leave out elements that are empty in the XML, as Tencent\'s JSON bodies do'
complete -c cicb -n "__fish_cicb_using_subcommand sample" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c cicb -n "__fish_cicb_using_subcommand sample" -s V -l version -d 'Print version'
complete -c cicb -n "__fish_cicb_using_subcommand schema" -l color -d 'When to use colors: auto (a terminal, and NO_COLOR unset or empty), always or never' -r -f -a "auto\t'Color when the stream is a terminal and NO_COLOR is unset or empty'
always\t''
never\t''"
complete -c cicb -n "__fish_cicb_using_subcommand schema" -l draft -d 'The JSON Schema draft to write: 2020-12, or 7 (draft-07) for tools that need it' -r -f -a "2020-12\t'Draft 2020-12'
7\t'Draft-07'"
complete -c cicb -n "__fish_cicb_using_subcommand schema" -l kind -d 'Only the bodies of this kind: job (TaskFinish), workflow (WorkflowFinish) or audit (content moderation); by default all of them' -r -f -a "job\t'Job callbacks (TaskFinish, and the legacy form)'
workflow\t'Workflow callbacks (WorkflowFinish, and the legacy form)'
audit\t'Content moderation callbacks (Detail and Simple forms)'"
complete -c cicb -n "__fish_cicb_using_subcommand schema" -s o -l output -d 'Write to FILE (atomically: on any error it is left untouched) instead of stdout' -r -F
complete -c cicb -n "__fish_cicb_using_subcommand schema" -l dir -d 'Write one file per kind (job, workflow, audit .schema.json) and callback.schema.json, a root that references them, into DIR (created if missing)' -r -f -a "(__fish_complete_directories)"
complete -c cicb -n "__fish_cicb_using_subcommand schema" -l strict -d 'Forbid the nodes the spec does not list where it lists a parent\'s children in full (additionalProperties: false), and other Tags\' result containers in a job\'s Operation'
complete -c cicb -n "__fish_cicb_using_subcommand schema" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c cicb -n "__fish_cicb_using_subcommand schema" -s V -l version -d 'Print version'
complete -c cicb -n "__fish_cicb_using_subcommand diff" -l color -d 'When to use colors: auto (a terminal, and NO_COLOR unset or empty), always or never' -r -f -a "auto\t'Color when the stream is a terminal and NO_COLOR is unset or empty'
always\t''
never\t''"
complete -c cicb -n "__fish_cicb_using_subcommand diff" -l from -d 'Read the input as this format instead of detecting it from the first character' -r -f -a "xml\t''
json\t''"
complete -c cicb -n "__fish_cicb_using_subcommand diff" -l max-size -d 'Largest input accepted, in bytes; K, M and G suffixes allowed' -r
complete -c cicb -n "__fish_cicb_using_subcommand diff" -l ignore -d 'Leave out the nodes at PATH and everything below them (repeatable; the `parse --get` syntax: `WorkflowExecution.Tasks[*].Name`, `JobsDetail.Operation.UserData`)' -r
complete -c cicb -n "__fish_cicb_using_subcommand diff" -l format -d 'Output: one line per change, or a JSON array of {op, path, old, new, item}' -r -f -a "human\t'`changed PATH: OLD → NEW`, `added PATH: NEW`, `removed PATH: OLD`'
json\t'A JSON array of changes'"
complete -c cicb -n "__fish_cicb_using_subcommand diff" -l all -d 'Compare everything: job, run and queue ids, times, x-cos-request-id and trace_id too'
complete -c cicb -n "__fish_cicb_using_subcommand diff" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c cicb -n "__fish_cicb_using_subcommand diff" -s V -l version -d 'Print version'
complete -c cicb -n "__fish_cicb_using_subcommand redact" -l color -d 'When to use colors: auto (a terminal, and NO_COLOR unset or empty), always or never' -r -f -a "auto\t'Color when the stream is a terminal and NO_COLOR is unset or empty'
always\t''
never\t''"
complete -c cicb -n "__fish_cicb_using_subcommand redact" -l from -d 'Read the input as this format instead of detecting it from the first character' -r -f -a "xml\t''
json\t''"
complete -c cicb -n "__fish_cicb_using_subcommand redact" -l max-size -d 'Largest input accepted, in bytes; K, M and G suffixes allowed' -r
complete -c cicb -n "__fish_cicb_using_subcommand redact" -l salt -d 'Key of the pseudonyms: the same salt gives the same pseudonyms, so bodies redacted with it stay comparable with `diff --all`. Default: random, new on every run' -r
complete -c cicb -n "__fish_cicb_using_subcommand redact" -l keep -d 'Leave every value of CLASS as it is (id, key, bucket, url, text, name, hash, header, unclassified), or the nodes at PATH and below (the `parse --get` syntax); repeatable. Values replaced elsewhere are still replaced inside kept text' -r
complete -c cicb -n "__fish_cicb_using_subcommand redact" -s o -l output -d 'Write to FILE (atomically: on any error it is left untouched) instead of stdout; for a capture folder, the new folder to write' -r -F
complete -c cicb -n "__fish_cicb_using_subcommand redact" -l explain -d 'List on stderr what was replaced: one line per value, its class and its path'
complete -c cicb -n "__fish_cicb_using_subcommand redact" -s q -l quiet -d 'No report of what was replaced on stderr'
complete -c cicb -n "__fish_cicb_using_subcommand redact" -s h -l help -d 'Print help'
complete -c cicb -n "__fish_cicb_using_subcommand redact" -s V -l version -d 'Print version'
complete -c cicb -n "__fish_cicb_using_subcommand listen" -l color -d 'When to use colors: auto (a terminal, and NO_COLOR unset or empty), always or never' -r -f -a "auto\t'Color when the stream is a terminal and NO_COLOR is unset or empty'
always\t''
never\t''"
complete -c cicb -n "__fish_cicb_using_subcommand listen" -s p -l port -d 'TCP port to listen on; 0 picks a free one (the real port is printed on stderr)' -r
complete -c cicb -n "__fish_cicb_using_subcommand listen" -l host -l bind -d 'Address to bind; 0.0.0.0 or :: to take callbacks from other hosts (see --secret-path, --allow and --tls-cert before you do)' -r
complete -c cicb -n "__fish_cicb_using_subcommand listen" -s d -l dir -d 'Where captures and index.ndjson are written (created if missing)' -r -f -a "(__fish_complete_directories)"
complete -c cicb -n "__fish_cicb_using_subcommand listen" -l path -d 'Take callbacks at this path only, such as /cb/TOKEN (its last segment is a secret of at least 16 characters, never shown or saved); any other path gets 404' -r
complete -c cicb -n "__fish_cicb_using_subcommand listen" -l tls-cert -d 'Serve HTTPS with this certificate chain (PEM, such as certbot\'s fullchain.pem); reloaded with the key on SIGHUP' -r -F
complete -c cicb -n "__fish_cicb_using_subcommand listen" -l tls-key -d 'The private key of --tls-cert (PEM, such as certbot\'s privkey.pem)' -r -F
complete -c cicb -n "__fish_cicb_using_subcommand listen" -l allow -d 'Take callbacks only from these addresses, as CIDR ranges or single addresses, IPv4 or IPv6 (repeatable); others get 403' -r
complete -c cicb -n "__fish_cicb_using_subcommand listen" -l trust-proxy -d 'Believe X-Forwarded-For from these proxies (CIDR, repeatable): behind Caddy or nginx, the client is the address the proxy forwarded for' -r
complete -c cicb -n "__fish_cicb_using_subcommand listen" -l rate -d 'Most requests per second from one client address (per /64 for IPv6); more get 429. Such as 10, 10/s or 600/m' -r
complete -c cicb -n "__fish_cicb_using_subcommand listen" -l min-free -d 'Free space to keep on the disk of --dir: below it, callbacks get 507 and nothing is saved. A size (K, M, G) or a share (5%); 0 turns the guard off. Default: 1G or 5%, whichever is smaller' -r
complete -c cicb -n "__fish_cicb_using_subcommand listen" -l max-captures -d 'Keep at most N captures: the oldest are removed (files and index lines) as new ones come' -r
complete -c cicb -n "__fish_cicb_using_subcommand listen" -l max-age -d 'Remove captures older than this (30m, 12h, 7d)' -r
complete -c cicb -n "__fish_cicb_using_subcommand listen" -l forward-to -d 'After saving, pass each request (method, path, headers, exact body) on to this URL; the request\'s path (below --path) is appended to the URL\'s path' -r -f
complete -c cicb -n "__fish_cicb_using_subcommand listen" -l status -d 'HTTP status to answer callbacks with (the console\'s test request always gets 200)' -r
complete -c cicb -n "__fish_cicb_using_subcommand listen" -l max-body -d 'Largest body accepted; bigger ones get 413 and are not saved. K, M and G suffixes allowed' -r
complete -c cicb -n "__fish_cicb_using_subcommand listen" -l header-timeout -d 'Time a client has for its TLS handshake, request line and headers' -r
complete -c cicb -n "__fish_cicb_using_subcommand listen" -l body-timeout -d 'Time a client has to send its whole body' -r
complete -c cicb -n "__fish_cicb_using_subcommand listen" -l max-connections -d 'Most connections open at once (fitted to the open-files limit); more wait to be accepted' -r
complete -c cicb -n "__fish_cicb_using_subcommand listen" -l format -d 'Output: one line per callback (human), or one JSON object per callback (NDJSON)' -r -f -a "human\t'One line per event'
json\t'One JSON object per event (NDJSON)'"
complete -c cicb -n "__fish_cicb_using_subcommand listen" -s n -l count -d 'Exit after N captures' -r
complete -c cicb -n "__fish_cicb_using_subcommand listen" -l inspect -d 'Also serve the inspect page over --dir on 127.0.0.1:PORT (4040 without a value; 0 picks a free port); its URL, token included, is printed on stderr' -r
complete -c cicb -n "__fish_cicb_using_subcommand listen" -l secret-path -d 'Take callbacks at a random secret path (/cb/ and 128 random bits) and print the URL to paste into the CI console'
complete -c cicb -n "__fish_cicb_using_subcommand listen" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c cicb -n "__fish_cicb_using_subcommand listen" -s V -l version -d 'Print version'
complete -c cicb -n "__fish_cicb_using_subcommand send" -l color -d 'When to use colors: auto (a terminal, and NO_COLOR unset or empty), always or never' -r -f -a "auto\t'Color when the stream is a terminal and NO_COLOR is unset or empty'
always\t''
never\t''"
complete -c cicb -n "__fish_cicb_using_subcommand send" -s H -l header -d 'An extra header, NAME:VALUE (repeatable); it replaces a header cicb would set' -r
complete -c cicb -n "__fish_cicb_using_subcommand send" -l set -d 'Set the value at PATH (the `parse --get` syntax) before sending, escaped for the body\'s format; the rest of the body is sent byte for byte (repeatable)' -r
complete -c cicb -n "__fish_cicb_using_subcommand send" -l timeout -d 'Seconds a request may take, connecting included' -r
complete -c cicb -n "__fish_cicb_using_subcommand send" -l format -d 'Output: one line per body (human), or one JSON object per body (NDJSON)' -r -f -a "human\t'One line per event'
json\t'One JSON object per event (NDJSON)'"
complete -c cicb -n "__fish_cicb_using_subcommand send" -l repeat -d 'Send every body N times; with N > 1 only the totals are printed (requests/s, p50, p99)' -r
complete -c cicb -n "__fish_cicb_using_subcommand send" -s c -l concurrency -d 'Requests in flight at once (each on its own kept-alive connection)' -r
complete -c cicb -n "__fish_cicb_using_subcommand send" -l max-size -d 'Largest file sent, in bytes; K, M and G suffixes allowed' -r
complete -c cicb -n "__fish_cicb_using_subcommand send" -l security-protocol -d 'PLAINTEXT, SSL, SASL_PLAINTEXT or SASL_SSL' -r -f -a "PLAINTEXT\t''
SSL\t''
SASL_PLAINTEXT\t''
SASL_SSL\t''"
complete -c cicb -n "__fish_cicb_using_subcommand send" -l sasl-mechanism -d 'PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512' -r -f -a "PLAIN\t''
SCRAM-SHA-256\t''
SCRAM-SHA-512\t''"
complete -c cicb -n "__fish_cicb_using_subcommand send" -l sasl-username -d 'The SASL user (CKafka: `instanceId#user`)' -r
complete -c cicb -n "__fish_cicb_using_subcommand send" -l sasl-password-file -d 'A file holding the SASL password (its first line). Or set CICB_SASL_PASSWORD' -r -F
complete -c cicb -n "__fish_cicb_using_subcommand send" -l ssl-ca-location -d 'CA certificates (PEM) to verify the brokers with, for SSL and SASL_SSL' -r -F
complete -c cicb -n "__fish_cicb_using_subcommand send" -s X -d 'A librdkafka property, KEY=VALUE (repeatable), as kcat -X; it overrides cicb\'s' -r
complete -c cicb -n "__fish_cicb_using_subcommand send" -s F -d 'A file of librdkafka properties (KEY=VALUE lines, # comments), as kcat -F' -r -F
complete -c cicb -n "__fish_cicb_using_subcommand send" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c cicb -n "__fish_cicb_using_subcommand send" -s V -l version -d 'Print version'
complete -c cicb -n "__fish_cicb_using_subcommand consume" -l color -d 'When to use colors: auto (a terminal, and NO_COLOR unset or empty), always or never' -r -f -a "auto\t'Color when the stream is a terminal and NO_COLOR is unset or empty'
always\t''
never\t''"
complete -c cicb -n "__fish_cicb_using_subcommand consume" -s b -l bootstrap-server -d 'Brokers to start from, HOST:PORT[,HOST:PORT…]' -r
complete -c cicb -n "__fish_cicb_using_subcommand consume" -s t -l topic -d 'A topic to consume (repeatable)' -r
complete -c cicb -n "__fish_cicb_using_subcommand consume" -s g -l group -d 'The consumer group: members of one group share the topic\'s partitions' -r
complete -c cicb -n "__fish_cicb_using_subcommand consume" -s o -l offset -d 'Where to start when the group has no committed offset for a partition: its beginning, its end (only new messages), or stored (committed offsets only: a partition without one is an error)' -r -f -a "beginning\t'The oldest message kept'
end\t'Only messages produced from now on'
stored\t'The group\'s committed offsets only'"
complete -c cicb -n "__fish_cicb_using_subcommand consume" -s c -l max-messages -d 'Exit after N messages' -r
complete -c cicb -n "__fish_cicb_using_subcommand consume" -l idle-timeout -d 'Exit 0 when no message came for this long (500ms, 30s, 5m)' -r
complete -c cicb -n "__fish_cicb_using_subcommand consume" -l connect-timeout -d 'How long to wait for the brokers before giving up with exit 2' -r
complete -c cicb -n "__fish_cicb_using_subcommand consume" -s d -l dir -d 'Where captures and index.ndjson are written (created if missing). Default: ./callbacks, or nothing saved with --forward-to' -r -f -a "(__fish_complete_directories)"
complete -c cicb -n "__fish_cicb_using_subcommand consume" -l forward-to -d 'POST each message value to this URL; its offset is committed only after a 2xx answer (until then it is delivered again)' -r -f
complete -c cicb -n "__fish_cicb_using_subcommand consume" -l format -d 'Output: one line per message (human), or one JSON object per message (NDJSON)' -r -f -a "human\t'One line per event'
json\t'One JSON object per event (NDJSON)'"
complete -c cicb -n "__fish_cicb_using_subcommand consume" -l inspect -d 'Also serve the inspect page over --dir on 127.0.0.1:PORT (4040 without a value; 0 picks a free port); its URL, token included, is printed on stderr' -r
complete -c cicb -n "__fish_cicb_using_subcommand consume" -l security-protocol -d 'PLAINTEXT, SSL, SASL_PLAINTEXT or SASL_SSL' -r -f -a "PLAINTEXT\t''
SSL\t''
SASL_PLAINTEXT\t''
SASL_SSL\t''"
complete -c cicb -n "__fish_cicb_using_subcommand consume" -l sasl-mechanism -d 'PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512' -r -f -a "PLAIN\t''
SCRAM-SHA-256\t''
SCRAM-SHA-512\t''"
complete -c cicb -n "__fish_cicb_using_subcommand consume" -l sasl-username -d 'The SASL user (CKafka: `instanceId#user`)' -r
complete -c cicb -n "__fish_cicb_using_subcommand consume" -l sasl-password-file -d 'A file holding the SASL password (its first line). Or set CICB_SASL_PASSWORD' -r -F
complete -c cicb -n "__fish_cicb_using_subcommand consume" -l ssl-ca-location -d 'CA certificates (PEM) to verify the brokers with, for SSL and SASL_SSL' -r -F
complete -c cicb -n "__fish_cicb_using_subcommand consume" -s X -d 'A librdkafka property, KEY=VALUE (repeatable), as kcat -X; it overrides cicb\'s' -r
complete -c cicb -n "__fish_cicb_using_subcommand consume" -s F -d 'A file of librdkafka properties (KEY=VALUE lines, # comments), as kcat -F' -r -F
complete -c cicb -n "__fish_cicb_using_subcommand consume" -l from-beginning -d 'The same as `--offset beginning`'
complete -c cicb -n "__fish_cicb_using_subcommand consume" -s e -l exit-at-end -d 'Exit 0 once every assigned partition has been read to its end'
complete -c cicb -n "__fish_cicb_using_subcommand consume" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c cicb -n "__fish_cicb_using_subcommand consume" -s V -l version -d 'Print version'
complete -c cicb -n "__fish_cicb_using_subcommand inspect" -l color -d 'When to use colors: auto (a terminal, and NO_COLOR unset or empty), always or never' -r -f -a "auto\t'Color when the stream is a terminal and NO_COLOR is unset or empty'
always\t''
never\t''"
complete -c cicb -n "__fish_cicb_using_subcommand inspect" -s p -l port -d 'TCP port to serve the page on; 0 picks a free one (the URL is printed on stderr)' -r
complete -c cicb -n "__fish_cicb_using_subcommand inspect" -l host -d 'Address to bind. The page shows every capture: keep it on 127.0.0.1 unless the network is yours' -r
complete -c cicb -n "__fish_cicb_using_subcommand inspect" -l open -d 'Open the page in the default browser'
complete -c cicb -n "__fish_cicb_using_subcommand inspect" -s h -l help -d 'Print help'
complete -c cicb -n "__fish_cicb_using_subcommand inspect" -s V -l version -d 'Print version'
complete -c cicb -n "__fish_cicb_using_subcommand completions" -l color -d 'When to use colors: auto (a terminal, and NO_COLOR unset or empty), always or never' -r -f -a "auto\t'Color when the stream is a terminal and NO_COLOR is unset or empty'
always\t''
never\t''"
complete -c cicb -n "__fish_cicb_using_subcommand completions" -s h -l help -d 'Print help'
complete -c cicb -n "__fish_cicb_using_subcommand completions" -s V -l version -d 'Print version'
complete -c cicb -n "__fish_cicb_using_subcommand man" -l color -d 'When to use colors: auto (a terminal, and NO_COLOR unset or empty), always or never' -r -f -a "auto\t'Color when the stream is a terminal and NO_COLOR is unset or empty'
always\t''
never\t''"
complete -c cicb -n "__fish_cicb_using_subcommand man" -l dir -d 'Write cicb.1 and a cicb-COMMAND.1 for every subcommand into DIR (created if missing) instead of printing the main page' -r -f -a "(__fish_complete_directories)"
complete -c cicb -n "__fish_cicb_using_subcommand man" -s h -l help -d 'Print help'
complete -c cicb -n "__fish_cicb_using_subcommand man" -s V -l version -d 'Print version'
complete -c cicb -n "__fish_cicb_using_subcommand help; and not __fish_seen_subcommand_from summarize convert parse validate sample schema diff redact listen send consume inspect completions man help" -f -a "summarize" -d 'What ran, what failed and why, and where the outputs are: one body or many, at a glance'
complete -c cicb -n "__fish_cicb_using_subcommand help; and not __fish_seen_subcommand_from summarize convert parse validate sample schema diff redact listen send consume inspect completions man help" -f -a "convert" -d 'Convert a callback body between XML and JSON, losslessly'
complete -c cicb -n "__fish_cicb_using_subcommand help; and not __fish_seen_subcommand_from summarize convert parse validate sample schema diff redact listen send consume inspect completions man help" -f -a "parse" -d 'Show the decoded body as a tree, as a typed JSON model, or pull single values out'
complete -c cicb -n "__fish_cicb_using_subcommand help; and not __fish_seen_subcommand_from summarize convert parse validate sample schema diff redact listen send consume inspect completions man help" -f -a "validate" -d 'Lint callback fixtures: spec rules, line:column diagnostics, CI-native output'
complete -c cicb -n "__fish_cicb_using_subcommand help; and not __fish_seen_subcommand_from summarize convert parse validate sample schema diff redact listen send consume inspect completions man help" -f -a "sample" -d 'Write a realistic body: any job Tag, a workflow run, the legacy and audit forms'
complete -c cicb -n "__fish_cicb_using_subcommand help; and not __fish_seen_subcommand_from summarize convert parse validate sample schema diff redact listen send consume inspect completions man help" -f -a "schema" -d 'Print a JSON Schema of the callback bodies, for validators and type generators'
complete -c cicb -n "__fish_cicb_using_subcommand help; and not __fish_seen_subcommand_from summarize convert parse validate sample schema diff redact listen send consume inspect completions man help" -f -a "diff" -d 'Compare two bodies by meaning (XML and JSON alike), ids and times left out by default'
complete -c cicb -n "__fish_cicb_using_subcommand help; and not __fish_seen_subcommand_from summarize convert parse validate sample schema diff redact listen send consume inspect completions man help" -f -a "redact" -d 'Replace buckets, APPIDs, ids, keys and URLs with stable pseudonyms, in place'
complete -c cicb -n "__fish_cicb_using_subcommand help; and not __fish_seen_subcommand_from summarize convert parse validate sample schema diff redact listen send consume inspect completions man help" -f -a "listen" -d 'Receive callbacks over HTTP: save each body durably, show what it says, pass it on'
complete -c cicb -n "__fish_cicb_using_subcommand help; and not __fish_seen_subcommand_from summarize convert parse validate sample schema diff redact listen send consume inspect completions man help" -f -a "send" -d 'POST callback bodies to a URL or a Kafka topic: replay captures against your handler, or load-test it'
complete -c cicb -n "__fish_cicb_using_subcommand help; and not __fish_seen_subcommand_from summarize convert parse validate sample schema diff redact listen send consume inspect completions man help" -f -a "consume" -d 'Receive callbacks from Kafka (CKafka) in a consumer group: save each body durably, then commit'
complete -c cicb -n "__fish_cicb_using_subcommand help; and not __fish_seen_subcommand_from summarize convert parse validate sample schema diff redact listen send consume inspect completions man help" -f -a "inspect" -d 'A local web page over a capture folder: the list (live), each body\'s summary, raw bytes and findings, compare, replay to your handler'
complete -c cicb -n "__fish_cicb_using_subcommand help; and not __fish_seen_subcommand_from summarize convert parse validate sample schema diff redact listen send consume inspect completions man help" -f -a "completions" -d 'Print a shell completion script'
complete -c cicb -n "__fish_cicb_using_subcommand help; and not __fish_seen_subcommand_from summarize convert parse validate sample schema diff redact listen send consume inspect completions man help" -f -a "man" -d 'Print the man page (roff), or write every page (one per subcommand) to a folder'
complete -c cicb -n "__fish_cicb_using_subcommand help; and not __fish_seen_subcommand_from summarize convert parse validate sample schema diff redact listen send consume inspect completions man help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
