#!/usr/bin/env bash
# Accord's test command: builds the package, checks the `accord` CLI as a person uses it (good and
# bad input, exit codes, stderr), then runs the whole Swift Testing suite.
# Real-data tests read ../shared/data (or $ACCORD_SHARED_DATA) and are skipped with a message
# where it is absent.
set -euo pipefail
cd "$(dirname "$0")/.."

echo "== build"
swift build

echo "== accord CLI"
bin=$(swift build --show-bin-path)/accord
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export ACCORD_DATA_DIR="$work/data"
cli_pass=0
cli_fail=0

# expect NAME EXPECTED_EXIT PATTERN_ON_STDOUT_OR_STDERR -- accord arguments…
expect() {
    local name=$1 want=$2 pattern=$3
    shift 4
    local out rc=0
    out=$("$bin" "$@" 2>&1) || rc=$?
    if [ "$rc" -eq "$want" ] && grep -qE -- "$pattern" <<<"$out"; then
        cli_pass=$((cli_pass + 1))
    else
        cli_fail=$((cli_fail + 1))
        echo "FAIL: $name (exit $rc, wanted $want; wanted output matching: $pattern)"
        echo "$out" | sed 's/^/    /'
    fi
}

expect "VN national mobile" 0 '^phone +\+84912345678$' -- check '0912 345 678' --country VN
expect "international writing" 0 '\+84912345678' -- check '+84 912 345 678'
expect "EIP-55 wallet" 0 '0x52908400098527886e0f7030069857d2e4169ee7' -- check 0x52908400098527886E0F7030069857D2E4169EE7
expect "telegram link yields handle" 0 'telegram:invest_mia' -- check https://t.me/invest_mia
expect "IBAN" 0 'DE89370400440532013000' -- check 'DE89 3704 0044 0532 0130 00'
expect "card never printed in clear" 0 '411111\*\*\*\*\*\*1111:[0-9a-f]{32}' -- check '4111 1111 1111 1111'
expect "json output" 0 '"value" : "\+84912345678"' -- check '0912345678' --country VN --json
expect "bad IBAN checksum" 1 'bad IBAN checksum' -- check 'DE89 3704 0044 0532 0130 01'
expect "EIP-55 mismatch" 1 'EIP-55 checksum mismatch' -- check 0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD
expect "too short VN mobile" 1 'too short for \+84 mobile' -- check '0912 345 67' --country VN
expect "national without country" 1 'no country calling code' -- check '912 345 678' --kind phone
expect "bad country option" 64 'two-letter ISO 3166-1 code' -- check '0912345678' --country Vietnam
expect "unknown kind" 64 "unknown kind 'fax'" -- check '0912345678' --kind fax
expect "missing value" 64 "Missing expected argument" -- check
expect "unknown chain" 1 "unknown chain 'dogelon'" -- check 0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed --chain dogelon
expect "nonsense" 1 "is not a valid indicator" -- check 'hello there'
# Scam-text analysis (before any store exists: analysing never creates one).
expect "analyze a scam" 0 '^verdict +scam' -- analyze 'URGENT! Your parcel is held. Pay the fee at hxxp://dhl-fee[.]top/pay or call +44 7700 900123'
expect "analyze finds a defanged link" 0 'url +http://dhl-fee.top/pay +written "hxxp://dhl-fee\[\.\]top/pay" +at 44–68' -- analyze 'URGENT! Your parcel is held. Pay the fee at hxxp://dhl-fee[.]top/pay'
expect "analyze Indonesian loan" 0 '^type +loan' -- analyze --country ID 'Pinjaman dana cepat bunga 2% tanpa agunan. Minat WA 0852-8336-0989'
expect "analyze Chinese" 0 '^type +impersonation_authority' -- analyze '您好，我是公安局民警，您的银行账户涉嫌洗钱，请立即将资金转入安全账户'
expect "analyze says why a scam has no type" 0 'type +unknown \(spam of no named type, confidence' -- analyze 'FREE entry to win a prize, text WIN to 80086 now'
expect "analyze says when no type is sure enough" 0 'type +unknown \(no type sure enough: the likeliest at 0\.[0-4][0-9], under the 0.50 bar' -- analyze --country ID 'Info Whatsapp :0823-1757-2717'
expect "analyze benign" 0 '^verdict +benign' -- analyze 'are we still on for lunch tomorrow?'
expect "analyze cannot judge" 0 'not trained on' -- analyze 'مرحبا كيف حالك اليوم'
expect "analyze does not judge a pasted key" 0 'encoded data \(base64 or hex\), not a message' -- analyze 'MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gunVTLw7onLRnrq0'
printf '%s\n' 'WIN a free prize! call 09061701461 to claim' '' 'see you at home' > "$work/messages.txt"
order=$("$bin" analyze --file "$work/messages.txt" --json 2>/dev/null | python3 -c 'import json, sys; print(" ".join(json.loads(l)["verdict"] for l in sys.stdin))')
[ "$order" = "scam unknown benign" ] && cli_pass=$((cli_pass + 1)) || { cli_fail=$((cli_fail + 1)); echo "FAIL: analyze --file --json in input order (got: $order)"; }
[ "$("$bin" analyze --file - --json < "$work/messages.txt" 2>/dev/null | wc -l)" -eq 3 ] && cli_pass=$((cli_pass + 1)) || { cli_fail=$((cli_fail + 1)); echo "FAIL: analyze stdin gives one line per message"; }
# Windows files: UTF-16 with its byte-order mark and CRLF, a UTF-8 byte-order mark, Windows-1252.
python3 -c 'import sys; t = open(sys.argv[1], encoding="utf-8").read(); open(sys.argv[2], "w", encoding="utf-16", newline="\r\n").write(t); open(sys.argv[3], "w", encoding="utf-8-sig").write(t); open(sys.argv[4], "wb").write("ok\nWin \u00a3500 cash, call 09061701461\n".encode("cp1252"))' \
    "$work/messages.txt" "$work/utf16.txt" "$work/bom.txt" "$work/cp1252.txt"
same=$("$bin" analyze --file "$work/messages.txt" --json 2>/dev/null)
[ "$("$bin" analyze --file "$work/utf16.txt" --json 2>/dev/null)" = "$same" ] && [ "$("$bin" analyze --file - --json < "$work/bom.txt" 2>/dev/null)" = "$same" ] \
    && cli_pass=$((cli_pass + 1)) || { cli_fail=$((cli_fail + 1)); echo "FAIL: a UTF-16 file and one with a UTF-8 byte-order mark read as their UTF-8 twin"; }
expect "analyze says it read UTF-16" 0 'read as UTF-16 \(little-endian\), from its byte-order mark' -- analyze --file "$work/utf16.txt"
expect "analyze warns of bytes that are not UTF-8" 0 'warning: 1 line \(the first: line 2\) had bytes that are not UTF-8, read as U\+FFFD; save the file as UTF-8' -- analyze --file "$work/cp1252.txt"
[ ! -e "$ACCORD_DATA_DIR/accord.sqlite" ] && cli_pass=$((cli_pass + 1)) || { cli_fail=$((cli_fail + 1)); echo "FAIL: analyze created a store"; }
expect "analyze needs input" 64 'give a message, or --file' -- analyze
expect "analyze unknown country" 64 "two-letter ISO 3166-1 code such as VN, ID or CN, not 'ZZ'" -- analyze hello --country ZZ
expect "analyze missing file" 1 'cannot read .*nope.txt' -- analyze --file "$work/nope.txt"
expect "analyze bad model" 1 'not an Accord scam model' -- analyze hello --model "$work/messages.txt"
expect "train unknown set" 64 "unknown data set 'sms'" -- train --set sms
expect "train bad C" 64 '--c must be a positive number, not -1' -- train --c=-1
expect "train C twice" 64 '--c is given the same value twice' -- train --c 30 --c 30
expect "train set weight without =" 64 'takes a set and a weight, such as nazario_phishing=0.25' -- train --set-weight nazario_phishing
expect "train set weight unknown set" 64 "--set-weight: unknown data set 'nazario'" -- train --set-weight nazario=0.5
expect "train set weight zero" 64 'must be more than 0 and at most 10, not 0' -- evaluate --set-weight uci_sms=0
expect "train set weight for a set left out" 64 '--set-weight names nazario_phishing, which --set leaves out' -- train --set uci_sms --set-weight nazario_phishing=0.5
expect "train set weight twice" 64 '--set-weight names uci_sms twice' -- train --set-weight uci_sms=2 --set-weight uci_sms=3
expect "train without data" 1 'cannot read .*messages/uci_sms_spam_collection.tsv' -- train --data "$work/none"
shared=${ACCORD_SHARED_DATA:-../shared/data}
if [ -f "$shared/messages/indonesia_sms_spam_bopbi.csv" ]; then
    # The small Indonesian set evaluates in a moment; the report names the options it was run with.
    expect "evaluate names its options" 0 'accord evaluate --data \.\./shared/data --set id_sms --seed 7 --no-idf --test-fraction 0\.5 --output' -- \
        evaluate --data "$shared" --set id_sms --seed 7 --no-idf --test-fraction 0.5
else
    echo "skipped: evaluate on the Indonesian set ($shared/messages is absent)"
fi

# The node: demo network, networks, check with what the node knows, ingest good and bad input.
expect "demo loads" 0 'cross-border networks; the five largest by loss' -- demo
expect "demo twice stores nothing new" 0 '0 reports stored, 3,000 already loaded' -- demo
# Output files: a device or a pipe is written in place (a rename would put a plain file there).
expect "demo writes into /dev/null" 0 'wrote 3,000 demo reports to /dev/null' -- demo --write /dev/null
[ -c /dev/null ] && cli_pass=$((cli_pass + 1)) || { cli_fail=$((cli_fail + 1)); echo "FAIL: /dev/null is no longer a device"; }
[ "$("$bin" demo --write /dev/stdout 2>/dev/null | grep -c DEMO)" -eq 3000 ] && cli_pass=$((cli_pass + 1)) || { cli_fail=$((cli_fail + 1)); echo "FAIL: demo --write /dev/stdout"; }
expect "demo of ten reports" 0 'wrote 10 demo reports to' -- demo --reports 10 --write "$work/ten.ndjson"
[ "$(wc -l < "$work/ten.ndjson")" -eq 10 ] && cli_pass=$((cli_pass + 1)) || { cli_fail=$((cli_fail + 1)); echo "FAIL: demo --reports 10 wrote $(wc -l < "$work/ten.ndjson") lines"; }
expect "demo cannot write" 1 "cannot write $work/none/demo.ndjson: No such file or directory" -- demo --write "$work/none/demo.ndjson"
expect "networks table" 0 '^1 +[0-9a-f]{8} ' -- networks
expect "networks json" 0 '"cross_border" : true' -- networks --json --limit 1
expect "check knows the demo phone" 0 'reported +60 reports' -- check '+44 7700 900471'
printf '%s\n' '{"external_ref":"T-1","country":"VN","indicators":[{"kind":"phone","value":"0912 000 111"}]}' '{"country":"XX"}' > "$work/bad.ndjson"
expect "bad line rejects the file" 1 'line 2, field country: .XX. is not an ISO 3166-1' -- ingest "$work/bad.ndjson"
expect "nothing of it was stored" 0 'no report on this node names it' -- check '0912 000 111' --country VN
expect "skip-invalid stores the rest" 0 '1 report stored, 1 bad line skipped' -- ingest "$work/bad.ndjson" --skip-invalid
[ -s "$work/bad.ndjson.rejects.ndjson" ] && cli_pass=$((cli_pass + 1)) || { cli_fail=$((cli_fail + 1)); echo "FAIL: no reject file"; }
printf '%s\n' 'external_ref,country,scam_type,loss_amount,loss_currency,phones,wallets' 'CSV-1,TH,investment,1000,USDT,"+44 7700 900471;+1 212 555 0101",' > "$work/reports.csv"
expect "csv ingest" 0 'reports.csv: 1 report stored' -- ingest "$work/reports.csv"
# A spreadsheet's "CSV UTF-8" starts with a byte-order mark; a UTF-16 file is refused with what to do.
printf '\xef\xbb\xbf%s\r\n' 'external_ref,country,phones' 'CSV-2,TH,+44 7700 900472' > "$work/excel.csv"
expect "csv with a byte-order mark" 0 'excel.csv: 1 report stored' -- ingest "$work/excel.csv"
python3 -c 'import sys; open(sys.argv[2], "w", encoding="utf-16").write(open(sys.argv[1], encoding="utf-8-sig").read())' "$work/excel.csv" "$work/utf16.csv"
expect "csv in UTF-16" 1 'utf16.csv: the input is UTF-16 \(it starts with a UTF-16 byte-order mark\); save it as UTF-8' -- ingest "$work/utf16.csv"
printf 'external_ref,country\nCSV-3,\xe9\n' > "$work/latin1.csv"
expect "csv not UTF-8" 1 'latin1.csv is not valid UTF-8' -- ingest "$work/latin1.csv"
expect "missing file" 64 'no such file' -- ingest "$work/nothere.ndjson"
expect "bad database" 64 'is not a database' -- networks --database mysql://x
expect "unreachable PostgreSQL" 1 'cannot connect to postgres://nobody@127.0.0.1:1/x: connection refused' -- networks --database postgres://nobody@127.0.0.1:1/x
expect "bad sort" 64 "takes loss or victims" -- networks --sort cost
# Organisations and keys.
expect "add an organisation" 0 'next: accord admin key create --org "VN Cyber Police" --role admin' -- admin org add "VN Cyber Police" --country VN --kind law_enforcement
expect "names are unique" 1 "an organisation named 'VN Cyber Police' exists already" -- admin org add "VN Cyber Police" --country VN --kind cert
expect "bad kind" 64 "--kind takes one of law_enforcement" -- admin org add X --country VN --kind police
expect "key shown once" 0 '^acc_[0-9a-f]{12}_[A-Za-z0-9_-]{43}$' -- admin key create --org "VN Cyber Police" --role admin
expect "no such organisation" 1 "no organisation named 'Nobody'" -- admin key create --org Nobody --role admin
expect "bad role" 64 "--role takes admin, analyst, reader or reporter" -- admin key create --org "VN Cyber Police" --role boss
expect "keys listed, never secrets" 0 '^[0-9a-f]{12}	organisation 1	admin	active' -- admin key list
key_id=$("$bin" admin key list | head -n 1 | cut -f 1)
expect "revoke" 0 "key $key_id revoked" -- admin key revoke "$key_id"
expect "revoke twice" 1 "no active key with id '$key_id'" -- admin key revoke "$key_id"
# Cooperation requests between two organisations, from draft to executed.
"$bin" admin org add "Siam Demo Bank" --country TH --kind financial_institution >/dev/null
"$bin" admin org add "TH 24/7 Contact Point" --country TH --kind contact_point >/dev/null
cat > "$work/stop.json" <<'JSON'
{"kind": "stop_payment", "recipient": "Siam Demo Bank", "title": "Fake customs fee", "no_notification": true,
 "details": {"authority": "VN Cyber Police, fraud desk", "facts": "the victim paid a fake customs fee",
   "accounts": [{"kind": "iban", "value": "GB29 NWBK 6016 1331 9268 19"}], "amount": {"amount": "12500", "currency": "USD"},
   "transactions": [{"reference": "FT26110912", "amount": "12500", "currency": "USD", "at": "2026-11-20T06:10:00Z"}], "window_hours": 6}}
JSON
expect "request draft" 0 'stop_payment +draft' -- request create --as "VN Cyber Police" --file "$work/stop.json"
stop_id=$("$bin" request list --as "VN Cyber Police" --json | python3 -c 'import json, sys; print(json.load(sys.stdin)[0]["id"])')
expect "a draft is its author's" 0 '^no requests$' -- request list --as "Siam Demo Bank"
expect "request sent with its clocks" 0 'acknowledge by: ' -- request send "$stop_id" --as "VN Cyber Police"
expect "the bank's clocks" 0 'acknowledge.*stop_payment' -- request due --as "Siam Demo Bank"
expect "only the recipient acknowledges" 1 'only the recipient \(Siam Demo Bank\) may acknowledge' -- request acknowledge "$stop_id" --as "VN Cyber Police"
expect "acknowledged" 0 'stop_payment +acknowledged' -- request acknowledge "$stop_id" --as "Siam Demo Bank"
expect "bad --frozen" 64 "--frozen takes 'AMOUNT CURRENCY'" -- request respond "$stop_id" --as "Siam Demo Bank" --summary held --frozen 12500
expect "executed, money held" 0 'frozen: 12,500 USD' -- request respond "$stop_id" --as "Siam Demo Bank" --summary "held in full" --frozen "12500 USD"
expect "closed stays closed" 1 'cannot withdraw a request: it is executed, and closed' -- request withdraw "$stop_id" --as "VN Cyber Police"
expect "every step kept" 0 'Siam Demo Bank: respond -> executed' -- request show "$stop_id" --as "VN Cyber Police"
expect "bad request id" 64 "'nope' is not a request id" -- request show nope --as "VN Cyber Police"
expect "unknown organisation" 1 "no organisation 'Nobody' on this node" -- request list --as Nobody
printf '%s' '{"kind": "preservation", "recipient": "TH 24/7 Contact Point", "title": "x", "details": {"authority": "VN Cyber Police"}}' > "$work/bad-request.json"
printf '%s' '{"kind": "takedown", "recipient": "Siam Demo Bank", "title": "x", "confidental": true}' > "$work/typo-request.json"
expect "a misspelt field is refused" 1 "confidental: is not a field here" -- request create --as "VN Cyber Police" --file "$work/typo-request.json"
expect "a missing field names the article" 1 "details.offence: an expedited preservation request \(Art. 42\) needs 'offence'" -- request create --as "VN Cyber Police" --file "$work/bad-request.json"
printf '%s' '{"kind": "preservation", "recipient": "TH 24/7 Contact Point", "title": "Hosting records", "details": {"authority": "VN Cyber Police", "offence": "fraud", "facts": "a fake shop", "data": "hosting records", "link_to_offence": "the shop took payments", "custodian": "Demo Hosting", "necessity": "logs are deleted after 30 days", "mla_to_follow": true}}' > "$work/preserve.json"
expect "Art. 42 request sent" 0 'preservation \(Art. 42\) +sent' -- request create --as "VN Cyber Police" --file "$work/preserve.json" --send
keep_id=$("$bin" request list --as "TH 24/7 Contact Point" --kind preservation --json | python3 -c 'import json, sys; print(json.load(sys.stdin)[0]["id"])')
expect "bank secrecy is no ground" 1 'bank secrecy is not a ground' -- request refuse "$keep_id" --as "TH 24/7 Contact Point" --ground bank_secrecy --reason x
expect "Art. 42 executed, kept 60 days" 0 'preserved until: ' -- request respond "$keep_id" --as "TH 24/7 Contact Point" --summary "records preserved"
expect "request statistics" 0 '^2 requests sent' -- request stats
expect "directory entry" 0 'contact_point, Asia/Bangkok, 24/7' -- directory set --as "TH 24/7 Contact Point" --role contact_point --time-zone Asia/Bangkok --language th --channel phone:+66-2-123-4567
expect "directory by country" 0 'TH 24/7 Contact Point \(TH\)' -- directory list --country TH
expect "bad time zone" 1 "'Asia/Atlantis' is not an IANA time zone" -- directory set --as "Siam Demo Bank" --role financial_institution --time-zone Asia/Atlantis --language th --channel email:x@bank.example
# The server: starts, answers, stops cleanly on SIGTERM.
if command -v curl >/dev/null; then
    port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    # Settings from a config file (ACCORD_CONFIG); a misspelt one is refused.
    printf '{"port": %s, "log_level": "info"}\n' "$port" >"$work/serve.json"
    printf '{"prot": %s}\n' "$port" >"$work/bad.json"
    expect "a misspelt setting" 1 "has 'prot', which is not a setting" -- serve --config "$work/bad.json"
    ACCORD_CONFIG="$work/serve.json" "$bin" serve >"$work/serve.log" 2>&1 &
    server=$!
    for _ in $(seq 50); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.2; done
    if curl -sf "http://127.0.0.1:$port/readyz" | grep -q '"status":"ready"' \
        && curl -s "http://127.0.0.1:$port/api/v1/reports/x" | grep -q '"status":401'; then
        cli_pass=$((cli_pass + 1))
    else
        cli_fail=$((cli_fail + 1)); echo "FAIL: accord serve did not answer"; sed 's/^/    /' "$work/serve.log"
    fi
    # Alerts, live: the police's open stream receives the alert the bank's linked report raises.
    "$bin" admin org add "Stream Police" --country VN --kind law_enforcement >/dev/null
    "$bin" admin org add "Stream Bank" --country TH --kind financial_institution >/dev/null
    police_key=$("$bin" admin key create --org "Stream Police" --role analyst 2>/dev/null)
    bank_key=$("$bin" admin key create --org "Stream Bank" --role analyst 2>/dev/null)
    curl -sN -H "Authorization: Bearer $police_key" "http://127.0.0.1:$port/api/v1/alerts/stream" >"$work/stream.txt" &
    stream=$!
    sleep 1
    for key in "$police_key" "$bank_key"; do
        curl -s -X POST "http://127.0.0.1:$port/api/v1/reports" -H "Authorization: Bearer $key" -H 'Content-Type: application/json' \
            -d '{"country":"VN","tlp":"green","narrative":"stream check '"${key:4:12}"'","indicators":[{"kind":"phone","value":"+84 912 777 001"}]}' >/dev/null
    done
    sleep 1
    kill "$stream" 2>/dev/null || true
    if grep -q '^event: alert' "$work/stream.txt" && grep -q '"value":"+84912777001"' "$work/stream.txt"; then
        cli_pass=$((cli_pass + 1))
    else
        cli_fail=$((cli_fail + 1)); echo "FAIL: no alert on the stream"; sed 's/^/    /' "$work/stream.txt"
    fi
    curl -s "http://127.0.0.1:$port/api/v1/check?value=%2B84912777001" >/dev/null
    kill -TERM "$server"
    if wait "$server"; then cli_pass=$((cli_pass + 1)); else cli_fail=$((cli_fail + 1)); echo "FAIL: accord serve did not stop cleanly on SIGTERM"; fi
    # The request log: a JSON line per request, written out by the shutdown, never the query.
    if grep -q '^{"time":.*"message":"request".*"path":"/api/v1/check","status":200}$' "$work/serve.log" && ! grep -q 'value=' "$work/serve.log"; then
        cli_pass=$((cli_pass + 1))
    else
        cli_fail=$((cli_fail + 1)); echo "FAIL: the request log"; sed 's/^/    /' "$work/serve.log"
    fi
fi
# The node's signing key: made on first use with mode 600, refused when others may read it.
expect "keys show makes the key" 0 '^verifier key: +accord/[0-9a-f]{16}\+[0-9a-f]{8}\+' -- keys show
[ "$(stat -c %a "$work/data/node-signing.key")" = "600" ] && cli_pass=$((cli_pass + 1)) || { cli_fail=$((cli_fail + 1)); echo "FAIL: signing key not created with mode 600"; }
expect "keys export pem" 0 '^-----BEGIN PUBLIC KEY-----$' -- keys export
expect "keys export refuses to overwrite" 1 'exists already' -- keys export --to "$work/data/node-signing.key"
expect "keys export bad format" 64 '--format takes pem or verifier' -- keys export --format der
if command -v openssl >/dev/null; then
    # openssl reads the private key and derives the public key the node exports.
    if [ "$(openssl pkey -in "$work/data/node-signing.key" -pubout)" = "$("$bin" keys export)" ]; then cli_pass=$((cli_pass + 1)); else cli_fail=$((cli_fail + 1)); echo "FAIL: openssl and accord disagree on the public key"; fi
fi
chmod 644 "$work/data/node-signing.key"
expect "a key others may read is refused" 1 'may be read by others \(mode 644\): make it private with chmod 600' -- keys show
chmod 600 "$work/data/node-signing.key"
# Evidence: add, the same content again, record, list, log; bad input refused and nothing stored.
printf 'Telegram chat export\nmia: send 500 USDT to TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t\n' > "$work/chat.txt"
add=(evidence add "$work/chat.txt" --description "Telegram chat export" --acquired-by "VN Cyber Police" --method victim_upload)
expect "evidence add" 0 '^acquired: leaf 0 of the custody log, signed head of size 1$' -- "${add[@]}" --case VN-1 --media-type text/plain
expect "evidence add again: nothing added" 0 'case VN-1 holds this content already' -- "${add[@]}" --case VN-1
expect "the same content for another case" 0 'content already in the vault' -- "${add[@]}" --case TH-77
expect "evidence bad method" 1 "^accord: method: takes one of seizure, victim_upload, provider_production, not 'stolen'$" -- evidence add "$work/chat.txt" --case X --description d --acquired-by me --method stolen
expect "evidence future time" 1 'acquired_at: 2099-01-01T00:00:00Z is in the future' -- "${add[@]}" --case X --acquired-at 2099-01-01T00:00:00Z
expect "evidence missing file" 1 'cannot read .*missing.txt: No such file' -- evidence add "$work/missing.txt" --case X --description d --acquired-by me --method seizure
item=$("$bin" evidence list --json | python3 -c 'import json, sys; print(next(i["id"] for i in json.load(sys.stdin) if i["case"] == "VN-1"))')
expect "evidence record" 0 '^viewed: leaf 2 of the custody log, signed head of size 3$' -- evidence record "$item" --event viewed --by "Analyst Tran"
expect "evidence record unknown item" 1 'no evidence item nope on this node' -- evidence record nope --event viewed --by me
expect "evidence record acquired refused" 64 "--event takes one of viewed" -- evidence record "$item" --event acquired --by me
expect "evidence list" 0 "^$item  VN-1  " -- evidence list
expect "evidence log and its signed head" 0 '^— accord/[0-9a-f]{16} ' -- evidence log
expect "evidence log of one item" 0 '"action":"viewed"' -- evidence log --item "$item"
expect "only the refused adds left no trace" 0 '^3$' -- evidence log --from 3
expect "an inclusion proof" 0 '"leaf_index" : 2' -- evidence proof --leaf 2
expect "a consistency proof" 0 '"old_size" : 1' -- evidence proof --from 1 --size 3
expect "a proof beyond the log" 1 'the log holds 3 leaves, not 9' -- evidence proof --leaf 0 --size 9
expect "a leaf beyond the tree" 1 'leaf 5 is not in a tree of 3 leaves' -- evidence proof --leaf 5
expect "proof needs one kind" 64 'give --leaf N' -- evidence proof
# A package: exported, verified offline with the node's key, refused once changed or with another key.
"$bin" keys export --to "$work/node.pem" 2>/dev/null
expect "evidence export" 0 'package.tar: 1 items, 2 custody events' -- evidence export "$item" --to "$work/package.tar" --by "Analyst Tran"
expect "export refuses to overwrite" 1 'to: .*package.tar exists already' -- evidence export "$item" --to "$work/package.tar"
expect "verify with the node's key" 0 '^VERIFIED: every file, event and proof holds, signed by the key you gave$' -- verify "$work/package.tar" --key "$work/node.pem"
expect "verify with the package's own key says so" 0 '^VERIFIED with the package.s own key' -- verify "$work/package.tar"
expect "verify with the verifier key" 0 '^VERIFIED' -- verify "$work/package.tar" --key "$("$bin" keys export --format verifier)"
if tar -tf "$work/package.tar" | grep -q '^files/'; then cli_pass=$((cli_pass + 1)); else cli_fail=$((cli_fail + 1)); echo "FAIL: tar cannot list the package"; fi
python3 -c 'import sys; b = bytearray(open(sys.argv[1], "rb").read()); b[-1500] ^= 1; open(sys.argv[2], "wb").write(b)' "$work/package.tar" "$work/changed.tar"
expect "a changed byte is refused" 1 '^NOT VERIFIED: files: files/[0-9a-f]{64} does not match its SHA-256' -- verify "$work/changed.tar" --key "$work/node.pem"
# The public key of RFC 8032's first Ed25519 test vector: some other node's.
printf -- '-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEA11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=\n-----END PUBLIC KEY-----\n' > "$work/other.pem"
expect "another node's key is refused" 1 'NOT VERIFIED: key: the package was signed by key' -- verify "$work/package.tar" --key "$work/other.pem"
expect "a bad key file" 1 '^accord: --key: not an Ed25519 public key' -- verify "$work/package.tar" --key "$work/chat.txt"
expect "a missing package" 1 'NOT VERIFIED: package: cannot read' -- verify "$work/nothing.tar"
[ -f "$work/data/card.key" ] && [ "$(stat -c %a "$work/data/card.key")" = "600" ] && cli_pass=$((cli_pass + 1)) || { cli_fail=$((cli_fail + 1)); echo "FAIL: card key not created with mode 600"; }
echo "accord CLI: $cli_pass passed, $cli_fail failed"
[ "$cli_fail" -eq 0 ]

echo "== PostgreSQL"
# A throwaway cluster for the storage suite: initdb in a temporary directory, a free port on
# 127.0.0.1, removed on exit. Without PostgreSQL installed the PostgreSQL half of the storage suite
# is skipped with a message (CI installs it, see .ci/run).
. scripts/lib/postgres.sh
if [ -n "${ACCORD_TEST_POSTGRES_URL:-}" ]; then
    echo "PostgreSQL from ACCORD_TEST_POSTGRES_URL"
elif PG_OPTIONS="-c fsync=off" start_postgres accord_test; then
    trap 'stop_postgres; rm -rf "$work"' EXIT
    export ACCORD_TEST_POSTGRES_URL="$PG_URL"
    echo "PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') on port $PG_PORT"
else
    echo "PostgreSQL is not installed: the PostgreSQL half of the storage suite will be skipped"
fi

if [ -n "${ACCORD_TEST_POSTGRES_URL:-}" ]; then
    # The evidence CLI on PostgreSQL too: add, record, export, verify (the suite below starts each
    # of its tests from an empty database, so what this leaves does not matter).
    echo "== accord evidence on PostgreSQL"
    cli_pass=0 cli_fail=0
    pg=(--database "$ACCORD_TEST_POSTGRES_URL" --data-dir "$work/pg-data")
    expect "pg: evidence add" 0 '^acquired: leaf 0 of the custody log' -- evidence add "$work/chat.txt" --case PG-1 --description "chat" --acquired-by "VN Cyber Police" --method seizure "${pg[@]}"
    pg_item=$("$bin" evidence list --json "${pg[@]}" | python3 -c 'import json, sys; print(json.load(sys.stdin)[0]["id"])')
    expect "pg: evidence record" 0 '^sealed: leaf 1 ' -- evidence record "$pg_item" --event sealed --by "Evidence officer" "${pg[@]}"
    expect "pg: evidence export" 0 '1 items, 2 custody events' -- evidence export "$pg_item" --to "$work/pg.tar" --by "Analyst Tran" "${pg[@]}"
    "$bin" keys export --data-dir "$work/pg-data" --to "$work/pg.pem" 2>/dev/null
    expect "pg: verify" 0 '^VERIFIED: every file' -- verify "$work/pg.tar" --key "$work/pg.pem"
    expect "pg: evidence log" 0 '"action":"exported"' -- evidence log "${pg[@]}"
    echo "accord evidence on PostgreSQL: $cli_pass passed, $cli_fail failed"
    [ "$cli_fail" -eq 0 ]
fi

echo "== swift test"
swift test
