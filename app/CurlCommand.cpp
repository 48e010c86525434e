#include "CurlCommand.h"

#include "ForwardedHeaders.h"
#include "NdjsonRecord.h"
#include "StoredEvent.h"

#include <QStringList>

namespace {

QString octal(unsigned char byte)
{
    return QStringLiteral("\\%1").arg(byte, 3, 8, QLatin1Char('0'));
}

} // namespace

bool CurlCommand::isPrintableUtf8(const QByteArray& bytes)
{
    if (NdjsonRecord::utf8OrNull(bytes).isNull() && !bytes.isEmpty()) {
        return false;
    }
    for (const char c : bytes) {
        const auto byte = static_cast<unsigned char>(c);
        if ((byte < 0x20 && byte != '\t') || byte == 0x7f) {
            return false;
        }
    }
    return true;
}

QString CurlCommand::quote(const QByteArray& bytes)
{
    if (isPrintableUtf8(bytes)) {
        QString text = QString::fromUtf8(bytes);
        text.replace(QLatin1Char('\''), QLatin1String("'\\''"));
        return QLatin1Char('\'') + text + QLatin1Char('\'');
    }
    // $'...': octal escapes of three digits can't run into a following digit.
    QString out = QStringLiteral("$'");
    for (const char c : bytes) {
        const auto byte = static_cast<unsigned char>(c);
        if (byte < 0x20 || byte >= 0x7f || c == '\'' || c == '\\') {
            out += octal(byte);
        } else {
            out += QLatin1Char(c);
        }
    }
    return out + QLatin1Char('\'');
}

QString CurlCommand::printfArgument(const QByteArray& body)
{
    const bool utf8 = !NdjsonRecord::utf8OrNull(body).isNull();
    QByteArray out;
    for (const char c : body) {
        const auto byte = static_cast<unsigned char>(c);
        if (byte < 0x20 || byte == 0x7f || c == '\'' || c == '\\' || (byte > 0x7f && !utf8)) {
            // printf %b takes \0ddd (POSIX): the leading 0 and three digits, so no digit runs on.
            out += QStringLiteral("\\0%1").arg(byte, 3, 8, QLatin1Char('0')).toLatin1();
        } else {
            out += c;
        }
    }
    return QLatin1Char('\'') + QString::fromUtf8(out) + QLatin1Char('\'');
}

QString CurlCommand::build(const StoredEvent& event, const QString& baseUrl)
{
    QString base = baseUrl;
    while (base.endsWith(QLatin1Char('/'))) {
        base.chop(1);
    }
    // The request-target as sent when it is origin-form, query included; the path otherwise.
    const QByteArray target = event.target.startsWith('/') ? event.target : event.path;
    QStringList words {QStringLiteral("curl")};
    // curl would read [] and {} in the URL as globs and squash /./ and /../ segments.
    if (target.contains('[') || target.contains(']') || target.contains('{') || target.contains('}')) {
        words << QStringLiteral("--globoff");
    }
    if (target.contains("/.")) {
        words << QStringLiteral("--path-as-is");
    }
    words << QStringLiteral("-X") << quote(event.method) << quote(base.toUtf8() + target);

    // curl writes Host, Content-Length and the framing itself: a copy of them would be wrong or doubled.
    bool hasContentType = false;
    for (const HttpHeader& h : ForwardedHeaders::endToEnd(event.headers)) {
        hasContentType = hasContentType || h.name.compare("content-type", Qt::CaseInsensitive) == 0;
        // "Name:" would tell curl to drop the field; "Name;" sends it with an empty value.
        words << QStringLiteral("-H") << quote(h.value.isEmpty() ? h.name + ';' : h.name + ": " + h.value);
    }
    if (event.body.isEmpty()) {
        return words.join(QLatin1Char(' '));
    }
    if (!hasContentType) {
        // --data-binary would add "Content-Type: application/x-www-form-urlencoded".
        words << QStringLiteral("-H") << quote("Content-Type:");
    }
    // --data-binary '@name' would read the file name.
    if (isPrintableUtf8(event.body) && !event.body.startsWith('@')) {
        words << QStringLiteral("--data-binary") << quote(event.body);
        return words.join(QLatin1Char(' '));
    }
    words << QStringLiteral("--data-binary") << QStringLiteral("@-");
    return QStringLiteral("printf '%b' ") + printfArgument(event.body) + QStringLiteral(" | ")
        + words.join(QLatin1Char(' '));
}

QString CurlCommand::bodyText(const QByteArray& body)
{
    const QString text = NdjsonRecord::utf8OrNull(body);
    return text.isNull() ? QString::fromLatin1(body.toBase64()) : text;
}
