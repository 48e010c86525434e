#pragma once

#include <QByteArray>
#include <QString>

struct StoredEvent;

/**
 * The clipboard texts of one stored event: its body, and a one-line shell command that sends the
 * same request again with curl.
 */
class CurlCommand
{
public:
    /// A command for bash (and any POSIX shell) that sends @p event's method, request-target, header
    /// fields and body bytes to @p baseUrl ("http://127.0.0.1:8787/"). Hop-by-hop fields, Host and
    /// Content-Length are left to curl. A body that is not one line of printable UTF-8 is piped in
    /// through printf '%b' with octal escapes (so is one that starts with @) (`printf '%b' '...' | curl ...
    /// --data-binary @-`), the only way a shell word can carry NUL bytes.
    static QString build(const StoredEvent& event, const QString& baseUrl);
    /// @p bytes as one shell word: '...' with ' written '\'' when they are printable UTF-8 on one
    /// line, else $'...' with octal escapes (bash, zsh, ksh).
    static QString quote(const QByteArray& bytes);
    /// The body for the clipboard: its text when it is UTF-8, else its base64.
    static QString bodyText(const QByteArray& body);

private:
    /// @p body as the argument of printf '%b': octal escapes for control bytes, backslash and quote,
    /// and for every byte above 0x7f when the body is not UTF-8.
    static QString printfArgument(const QByteArray& body);
    static bool isPrintableUtf8(const QByteArray& bytes);
};
