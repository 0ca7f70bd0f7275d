
use builtin;
use str;

set edit:completion:arg-completer[cicb] = {|@words|
    fn spaces {|n|
        builtin:repeat $n ' ' | str:join ''
    }
    fn cand {|text desc|
        edit:complex-candidate $text &display=$text' '(spaces (- 14 (wcswidth $text)))$desc
    }
    var command = 'cicb'
    for word $words[1..-1] {
        if (str:has-prefix $word '-') {
            break
        }
        set command = $command';'$word
    }
    var completions = [
        &'cicb'= {
            cand --color 'When to use colors: auto (a terminal, and NO_COLOR unset or empty), always or never'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
            cand summarize 'What ran, what failed and why, and where the outputs are: one body or many, at a glance'
            cand convert 'Convert a callback body between XML and JSON, losslessly'
            cand parse 'Show the decoded body as a tree, as a typed JSON model, or pull single values out'
            cand validate 'Lint callback fixtures: spec rules, line:column diagnostics, CI-native output'
            cand sample 'Write a realistic body: any job Tag, a workflow run, the legacy and audit forms'
            cand schema 'Print a JSON Schema of the callback bodies, for validators and type generators'
            cand diff 'Compare two bodies by meaning (XML and JSON alike), ids and times left out by default'
            cand redact 'Replace buckets, APPIDs, ids, keys and URLs with stable pseudonyms, in place'
            cand listen 'Receive callbacks over HTTP: save each body durably, show what it says, pass it on'
            cand send 'POST callback bodies to a URL or a Kafka topic: replay captures against your handler, or load-test it'
            cand consume 'Receive callbacks from Kafka (CKafka) in a consumer group: save each body durably, then commit'
            cand inspect 'A local web page over a capture folder: the list (live), each body''s summary, raw bytes and findings, compare, replay to your handler'
            cand completions 'Print a shell completion script'
            cand man 'Print the man page (roff), or write every page (one per subcommand) to a folder'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'cicb;summarize'= {
            cand --color 'When to use colors: auto (a terminal, and NO_COLOR unset or empty), always or never'
            cand --exclude 'Leave out files and folders matching GLOB (repeatable), as `validate --exclude` does'
            cand --from 'Read the input as this format instead of detecting it from the first character'
            cand --max-size 'Largest input accepted, in bytes; K, M and G suffixes allowed'
            cand --format 'Output: a human view (header, task table, failures, outputs), a stable JSON object per input (NDJSON when several), or Markdown to paste into a ticket'
            cand --width 'Fit the human view in N columns (0: no limit, every table column as wide as its content). Default: the terminal''s width; piped, $COLUMNS when set, else 120'
            cand --outputs 'Print only the output files, one per line (`cos://bucket/key`, or URLs with --url). When there are none, a note on stderr says why; the exit code stays 0'
            cand --url 'Show outputs as `https://<bucket>.cos.<region>.myqcloud.com/<percent-encoded key>`'
            cand --exit-status 'Exit 1 when the workflow, a task or a job failed (as `git diff --exit-code` does)'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'cicb;convert'= {
            cand --color 'When to use colors: auto (a terminal, and NO_COLOR unset or empty), always or never'
            cand --to 'Target format; by default the other one'
            cand --from 'Read the input as this format instead of detecting it from the first character'
            cand --max-size 'Largest input accepted, in bytes; K, M and G suffixes allowed'
            cand -o 'Write to FILE (atomically: on any error it is left untouched) instead of stdout'
            cand --output 'Write to FILE (atomically: on any error it is left untouched) instead of stdout'
            cand --jobs-detail 'JSON: write JobsDetail as an object (COS docs) or a one-element array (CI docs)'
            cand --compact 'One line, no indentation'
            cand --wrap 'JSON: keep a {"Response": ...} wrapper around the body'
            cand --omit-empty 'JSON: leave out elements that are empty in the XML, as Tencent''s JSON bodies do'
            cand --drop-comments 'Leave out XML comments and processing instructions (without it they are an error: the element tree, and so JSON, has no place for them)'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'cicb;parse'= {
            cand --color 'When to use colors: auto (a terminal, and NO_COLOR unset or empty), always or never'
            cand --exclude 'Leave out files and folders matching GLOB (repeatable), as `validate --exclude` does'
            cand --from 'Read the input as this format instead of detecting it from the first character'
            cand --max-size 'Largest input accepted, in bytes; K, M and G suffixes allowed'
            cand -g 'Print the value(s) at PATH, one per line (repeatable)'
            cand --get 'Print the value(s) at PATH, one per line (repeatable)'
            cand --format 'Output: a readable tree, or the typed model as JSON'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'cicb;validate'= {
            cand --color 'When to use colors: auto (a terminal, and NO_COLOR unset or empty), always or never'
            cand --format 'Output: rustc-style diagnostics on stderr (human), one JSON array of diagnostics on stdout (json), or GitHub Actions annotations on stdout (github)'
            cand --exclude 'Leave out files and folders matching GLOB (repeatable): `--exclude ''drafts/**''`, `--exclude ''*.draft.xml''` (matched against the path as found and the file name)'
            cand --max-size 'Largest input accepted, in bytes; K, M and G suffixes allowed'
            cand --strict 'Treat warnings as errors: a file with a warning is invalid'
            cand -q 'Print only problems: no closing `checked N files` line'
            cand --quiet 'Print only problems: no closing `checked N files` line'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'cicb;sample'= {
            cand --color 'When to use colors: auto (a terminal, and NO_COLOR unset or empty), always or never'
            cand --format 'Output format: XML, or Tencent''s JSON form (shaped by --wrap, --jobs-detail, --omit-empty)'
            cand --trigger 'Who started the job: a job-submitting API call, or a workflow (adds JobsDetail.Workflow and the input''s CosHeaders)'
            cand --state 'How it ended: Failed gives a Code and a Message and no outputs (a workflow: its last task failed)'
            cand --tasks 'The task types of a workflow sample, comma-separated (default: Transcode,Snapshot)'
            cand --bucket 'The bucket of the input and the outputs'
            cand --region 'The region of the bucket'
            cand --object 'The input object (key); outputs are named after it. By default one that suits the job'
            cand --seed 'Seed the ids, times and measurements: the same seed gives the same bytes'
            cand --set 'Set the value at PATH (the path syntax of `parse --get`; repeatable). A node the spec knows but the sample lacks is added in its place'
            cand --jobs-detail 'JSON: write JobsDetail as an object (COS docs) or a one-element array (CI docs)'
            cand -o 'Write to FILE (atomically: on any error it is left untouched) instead of stdout'
            cand --output 'Write to FILE (atomically: on any error it is left untouched) instead of stdout'
            cand --list 'Print every name it takes, one a line'
            cand --compact 'One line, no indentation'
            cand --wrap 'JSON: keep a {"Response": ...} wrapper around the body'
            cand --omit-empty 'JSON: leave out elements that are empty in the XML, as Tencent''s JSON bodies do'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'cicb;schema'= {
            cand --color 'When to use colors: auto (a terminal, and NO_COLOR unset or empty), always or never'
            cand --draft 'The JSON Schema draft to write: 2020-12, or 7 (draft-07) for tools that need it'
            cand --kind 'Only the bodies of this kind: job (TaskFinish), workflow (WorkflowFinish) or audit (content moderation); by default all of them'
            cand -o 'Write to FILE (atomically: on any error it is left untouched) instead of stdout'
            cand --output 'Write to FILE (atomically: on any error it is left untouched) instead of stdout'
            cand --dir 'Write one file per kind (job, workflow, audit .schema.json) and callback.schema.json, a root that references them, into DIR (created if missing)'
            cand --strict 'Forbid the nodes the spec does not list where it lists a parent''s children in full (additionalProperties: false), and other Tags'' result containers in a job''s Operation'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'cicb;diff'= {
            cand --color 'When to use colors: auto (a terminal, and NO_COLOR unset or empty), always or never'
            cand --from 'Read the input as this format instead of detecting it from the first character'
            cand --max-size 'Largest input accepted, in bytes; K, M and G suffixes allowed'
            cand --ignore 'Leave out the nodes at PATH and everything below them (repeatable; the `parse --get` syntax: `WorkflowExecution.Tasks[*].Name`, `JobsDetail.Operation.UserData`)'
            cand --format 'Output: one line per change, or a JSON array of {op, path, old, new, item}'
            cand --all 'Compare everything: job, run and queue ids, times, x-cos-request-id and trace_id too'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'cicb;redact'= {
            cand --color 'When to use colors: auto (a terminal, and NO_COLOR unset or empty), always or never'
            cand --from 'Read the input as this format instead of detecting it from the first character'
            cand --max-size 'Largest input accepted, in bytes; K, M and G suffixes allowed'
            cand --salt 'Key of the pseudonyms: the same salt gives the same pseudonyms, so bodies redacted with it stay comparable with `diff --all`. Default: random, new on every run'
            cand --keep 'Leave every value of CLASS as it is (id, key, bucket, url, text, name, hash, header, unclassified), or the nodes at PATH and below (the `parse --get` syntax); repeatable. Values replaced elsewhere are still replaced inside kept text'
            cand -o 'Write to FILE (atomically: on any error it is left untouched) instead of stdout; for a capture folder, the new folder to write'
            cand --output 'Write to FILE (atomically: on any error it is left untouched) instead of stdout; for a capture folder, the new folder to write'
            cand --explain 'List on stderr what was replaced: one line per value, its class and its path'
            cand -q 'No report of what was replaced on stderr'
            cand --quiet 'No report of what was replaced on stderr'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'cicb;listen'= {
            cand --color 'When to use colors: auto (a terminal, and NO_COLOR unset or empty), always or never'
            cand -p 'TCP port to listen on; 0 picks a free one (the real port is printed on stderr)'
            cand --port 'TCP port to listen on; 0 picks a free one (the real port is printed on stderr)'
            cand --host 'Address to bind; 0.0.0.0 or :: to take callbacks from other hosts (see --secret-path, --allow and --tls-cert before you do)'
            cand --bind 'Address to bind; 0.0.0.0 or :: to take callbacks from other hosts (see --secret-path, --allow and --tls-cert before you do)'
            cand -d 'Where captures and index.ndjson are written (created if missing)'
            cand --dir 'Where captures and index.ndjson are written (created if missing)'
            cand --path 'Take callbacks at this path only, such as /cb/TOKEN (its last segment is a secret of at least 16 characters, never shown or saved); any other path gets 404'
            cand --tls-cert 'Serve HTTPS with this certificate chain (PEM, such as certbot''s fullchain.pem); reloaded with the key on SIGHUP'
            cand --tls-key 'The private key of --tls-cert (PEM, such as certbot''s privkey.pem)'
            cand --allow 'Take callbacks only from these addresses, as CIDR ranges or single addresses, IPv4 or IPv6 (repeatable); others get 403'
            cand --trust-proxy 'Believe X-Forwarded-For from these proxies (CIDR, repeatable): behind Caddy or nginx, the client is the address the proxy forwarded for'
            cand --rate 'Most requests per second from one client address (per /64 for IPv6); more get 429. Such as 10, 10/s or 600/m'
            cand --min-free 'Free space to keep on the disk of --dir: below it, callbacks get 507 and nothing is saved. A size (K, M, G) or a share (5%); 0 turns the guard off. Default: 1G or 5%, whichever is smaller'
            cand --max-captures 'Keep at most N captures: the oldest are removed (files and index lines) as new ones come'
            cand --max-age 'Remove captures older than this (30m, 12h, 7d)'
            cand --forward-to 'After saving, pass each request (method, path, headers, exact body) on to this URL; the request''s path (below --path) is appended to the URL''s path'
            cand --status 'HTTP status to answer callbacks with (the console''s test request always gets 200)'
            cand --max-body 'Largest body accepted; bigger ones get 413 and are not saved. K, M and G suffixes allowed'
            cand --header-timeout 'Time a client has for its TLS handshake, request line and headers'
            cand --body-timeout 'Time a client has to send its whole body'
            cand --max-connections 'Most connections open at once (fitted to the open-files limit); more wait to be accepted'
            cand --format 'Output: one line per callback (human), or one JSON object per callback (NDJSON)'
            cand -n 'Exit after N captures'
            cand --count 'Exit after N captures'
            cand --inspect 'Also serve the inspect page over --dir on 127.0.0.1:PORT (4040 without a value; 0 picks a free port); its URL, token included, is printed on stderr'
            cand --secret-path 'Take callbacks at a random secret path (/cb/ and 128 random bits) and print the URL to paste into the CI console'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'cicb;send'= {
            cand --color 'When to use colors: auto (a terminal, and NO_COLOR unset or empty), always or never'
            cand -H 'An extra header, NAME:VALUE (repeatable); it replaces a header cicb would set'
            cand --header 'An extra header, NAME:VALUE (repeatable); it replaces a header cicb would set'
            cand --set 'Set the value at PATH (the `parse --get` syntax) before sending, escaped for the body''s format; the rest of the body is sent byte for byte (repeatable)'
            cand --timeout 'Seconds a request may take, connecting included'
            cand --format 'Output: one line per body (human), or one JSON object per body (NDJSON)'
            cand --repeat 'Send every body N times; with N > 1 only the totals are printed (requests/s, p50, p99)'
            cand -c 'Requests in flight at once (each on its own kept-alive connection)'
            cand --concurrency 'Requests in flight at once (each on its own kept-alive connection)'
            cand --max-size 'Largest file sent, in bytes; K, M and G suffixes allowed'
            cand --security-protocol 'PLAINTEXT, SSL, SASL_PLAINTEXT or SASL_SSL'
            cand --sasl-mechanism 'PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512'
            cand --sasl-username 'The SASL user (CKafka: `instanceId#user`)'
            cand --sasl-password-file 'A file holding the SASL password (its first line). Or set CICB_SASL_PASSWORD'
            cand --ssl-ca-location 'CA certificates (PEM) to verify the brokers with, for SSL and SASL_SSL'
            cand -X 'A librdkafka property, KEY=VALUE (repeatable), as kcat -X; it overrides cicb''s'
            cand -F 'A file of librdkafka properties (KEY=VALUE lines, # comments), as kcat -F'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'cicb;consume'= {
            cand --color 'When to use colors: auto (a terminal, and NO_COLOR unset or empty), always or never'
            cand -b 'Brokers to start from, HOST:PORT[,HOST:PORT…]'
            cand --bootstrap-server 'Brokers to start from, HOST:PORT[,HOST:PORT…]'
            cand -t 'A topic to consume (repeatable)'
            cand --topic 'A topic to consume (repeatable)'
            cand -g 'The consumer group: members of one group share the topic''s partitions'
            cand --group 'The consumer group: members of one group share the topic''s partitions'
            cand -o 'Where to start when the group has no committed offset for a partition: its beginning, its end (only new messages), or stored (committed offsets only: a partition without one is an error)'
            cand --offset 'Where to start when the group has no committed offset for a partition: its beginning, its end (only new messages), or stored (committed offsets only: a partition without one is an error)'
            cand -c 'Exit after N messages'
            cand --max-messages 'Exit after N messages'
            cand --idle-timeout 'Exit 0 when no message came for this long (500ms, 30s, 5m)'
            cand --connect-timeout 'How long to wait for the brokers before giving up with exit 2'
            cand -d 'Where captures and index.ndjson are written (created if missing). Default: ./callbacks, or nothing saved with --forward-to'
            cand --dir 'Where captures and index.ndjson are written (created if missing). Default: ./callbacks, or nothing saved with --forward-to'
            cand --forward-to 'POST each message value to this URL; its offset is committed only after a 2xx answer (until then it is delivered again)'
            cand --format 'Output: one line per message (human), or one JSON object per message (NDJSON)'
            cand --inspect 'Also serve the inspect page over --dir on 127.0.0.1:PORT (4040 without a value; 0 picks a free port); its URL, token included, is printed on stderr'
            cand --security-protocol 'PLAINTEXT, SSL, SASL_PLAINTEXT or SASL_SSL'
            cand --sasl-mechanism 'PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512'
            cand --sasl-username 'The SASL user (CKafka: `instanceId#user`)'
            cand --sasl-password-file 'A file holding the SASL password (its first line). Or set CICB_SASL_PASSWORD'
            cand --ssl-ca-location 'CA certificates (PEM) to verify the brokers with, for SSL and SASL_SSL'
            cand -X 'A librdkafka property, KEY=VALUE (repeatable), as kcat -X; it overrides cicb''s'
            cand -F 'A file of librdkafka properties (KEY=VALUE lines, # comments), as kcat -F'
            cand --from-beginning 'The same as `--offset beginning`'
            cand -e 'Exit 0 once every assigned partition has been read to its end'
            cand --exit-at-end 'Exit 0 once every assigned partition has been read to its end'
            cand -h 'Print help (see more with ''--help'')'
            cand --help 'Print help (see more with ''--help'')'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'cicb;inspect'= {
            cand --color 'When to use colors: auto (a terminal, and NO_COLOR unset or empty), always or never'
            cand -p 'TCP port to serve the page on; 0 picks a free one (the URL is printed on stderr)'
            cand --port 'TCP port to serve the page on; 0 picks a free one (the URL is printed on stderr)'
            cand --host 'Address to bind. The page shows every capture: keep it on 127.0.0.1 unless the network is yours'
            cand --open 'Open the page in the default browser'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'cicb;completions'= {
            cand --color 'When to use colors: auto (a terminal, and NO_COLOR unset or empty), always or never'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'cicb;man'= {
            cand --color 'When to use colors: auto (a terminal, and NO_COLOR unset or empty), always or never'
            cand --dir 'Write cicb.1 and a cicb-COMMAND.1 for every subcommand into DIR (created if missing) instead of printing the main page'
            cand -h 'Print help'
            cand --help 'Print help'
            cand -V 'Print version'
            cand --version 'Print version'
        }
        &'cicb;help'= {
            cand summarize 'What ran, what failed and why, and where the outputs are: one body or many, at a glance'
            cand convert 'Convert a callback body between XML and JSON, losslessly'
            cand parse 'Show the decoded body as a tree, as a typed JSON model, or pull single values out'
            cand validate 'Lint callback fixtures: spec rules, line:column diagnostics, CI-native output'
            cand sample 'Write a realistic body: any job Tag, a workflow run, the legacy and audit forms'
            cand schema 'Print a JSON Schema of the callback bodies, for validators and type generators'
            cand diff 'Compare two bodies by meaning (XML and JSON alike), ids and times left out by default'
            cand redact 'Replace buckets, APPIDs, ids, keys and URLs with stable pseudonyms, in place'
            cand listen 'Receive callbacks over HTTP: save each body durably, show what it says, pass it on'
            cand send 'POST callback bodies to a URL or a Kafka topic: replay captures against your handler, or load-test it'
            cand consume 'Receive callbacks from Kafka (CKafka) in a consumer group: save each body durably, then commit'
            cand inspect 'A local web page over a capture folder: the list (live), each body''s summary, raw bytes and findings, compare, replay to your handler'
            cand completions 'Print a shell completion script'
            cand man 'Print the man page (roff), or write every page (one per subcommand) to a folder'
            cand help 'Print this message or the help of the given subcommand(s)'
        }
        &'cicb;help;summarize'= {
        }
        &'cicb;help;convert'= {
        }
        &'cicb;help;parse'= {
        }
        &'cicb;help;validate'= {
        }
        &'cicb;help;sample'= {
        }
        &'cicb;help;schema'= {
        }
        &'cicb;help;diff'= {
        }
        &'cicb;help;redact'= {
        }
        &'cicb;help;listen'= {
        }
        &'cicb;help;send'= {
        }
        &'cicb;help;consume'= {
        }
        &'cicb;help;inspect'= {
        }
        &'cicb;help;completions'= {
        }
        &'cicb;help;man'= {
        }
        &'cicb;help;help'= {
        }
    ]
    $completions[$command]
}
