#!/bin/sh
# Writes hookscope(1) from the program's own help, so the man page never drifts from it:
#   packaging/make-manpage.sh HOOKSCOPE_BINARY VERSION DATE OUTPUT
# The commands are read from `hookscope --help` ("Commands:"), and every command's options and
# arguments from `hookscope COMMAND --help` (Qt's QCommandLineParser layout). Run by the build.
set -eu
bin=$1 version=$2 date=$3 output=$4

# Qt's help layout to roff: each "Options:"/"Arguments:" entry becomes a .TP paragraph; an entry's
# description may wrap onto indented lines. Option names are bold with \- for '-', values italic.
to_roff() {
    awk -v skiphelp="${1:-0}" '
    function esc(s) { gsub(/\\/, "\\e", s); return s }
    function term(spec,    n, parts, i, out, word, m) {
        n = split(spec, parts, ", ")
        out = ""
        for (i = 1; i <= n; i++) {
            word = parts[i]; m = ""
            if (match(word, / <[^>]*>$/)) { m = substr(word, RSTART + 2, RLENGTH - 3); word = substr(word, 1, RSTART - 1) }
            gsub(/-/, "\\-", word)
            out = out (i > 1 ? ", " : "") (word ~ /^\\-/ ? "\\fB" word "\\fR" : "\\fI" word "\\fR")
            if (m != "") out = out " \\fI" m "\\fR"
        }
        return out
    }
    function sentence(s) { s = toupper(substr(s, 1, 1)) substr(s, 2); return s ~ /[.)]$/ ? s : s "." }
    function flush() {
        # A command'"'"'s own -h/--help/--help-all are said once, under OPTIONS.
        if (spec != "" && !(skiphelp && spec ~ /--help/)) { print ".TP"; print term(spec); print esc(sentence(desc)) }
        spec = ""; desc = ""
    }
    /^(Options|Arguments):$/ { flush(); on = 1; next }
    /^$/ || /^[^ ]/ { flush(); on = 0; next }
    on && /^  [^ ]/ {
        flush(); line = substr($0, 3)
        if (match(line, /  +/)) { spec = substr(line, 1, RSTART - 1); desc = substr(line, RSTART + RLENGTH) }
        else { spec = line; desc = "" }
        next
    }
    on { sub(/^ +/, ""); desc = (desc == "" ? $0 : desc " " $0) }
    END { flush() }
    '
}

top=$("$bin" --help)
summary=$(printf '%s\n' "$top" | sed -n 3p)
commands=$(printf '%s\n' "$top" | awk '/^Commands:$/ { on = 1; next } /^$/ { on = 0 } on && $1 !~ /^\(/ { print $1 }')

{
    printf '.TH HOOKSCOPE 1 "%s" "Hookscope %s" "User Commands"\n' "$date" "$version"
    printf '.SH NAME\nhookscope \\- capture, inspect and resend the webhooks posted to your workstation\n'
    printf '.SH SYNOPSIS\n.B hookscope\n[\\fIoptions\\fR]\n.br\n.B hookscope\n\\fIcommand\\fR [\\fIoptions\\fR]\n'
    printf '.SH DESCRIPTION\n%s\n' "$summary"
    printf '.PP\nWithout a command, \\fBhookscope\\fR opens the inspector window and captures while it is open;\n'
    printf 'it takes the options of \\fBserve\\fR. Without a display it says so and captures headless instead.\n'
    printf '.SH OPTIONS\n'
    printf '%s\n' "$top" | to_roff
    printf '.SH COMMANDS\n'
    for command in $commands; do
        help=$("$bin" "$command" --help)
        # "Usage: PROGRAM [options] ARGS" gives the command's arguments, if it takes any.
        arguments=$(printf '%s\n' "$help" | sed -n '1s/^Usage: .*\[options\] *//p')
        what=$(printf '%s\n' "$top" | awk -v c="$command" '/^Commands:$/ { on = 1; next } on && $1 == c { $1 = ""; sub(/^ +/, ""); print; exit }')
        printf '.SS "hookscope %s [options]%s"\n' "$command" "${arguments:+ $arguments}"
        printf '%s.\n' "$(printf '%s' "$what" | awk '{ print toupper(substr($0, 1, 1)) substr($0, 2) }')"
        printf '%s\n' "$help" | to_roff 1
    done
    printf '.SH FILES\n.TP\n.I ~/.local/share/Hookscope/history.sqlite\n'
    printf 'The history (SQLite), unless \\fB\\-\\-db\\fR or the settings name another file.\n'
    printf '.SH "EXIT STATUS"\n0 on success, 1 on a failure (the port in use, an unusable database), 2 on a usage error.\n'
    printf '.SH "SEE ALSO"\nhttps://github.com/hookscope/hookscope\n'
} > "$output.tmp"
mv "$output.tmp" "$output"
