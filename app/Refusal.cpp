#include "Refusal.h"

#include <QDateTime>

namespace {
bool isTokenChar(char c)
{
    // RFC 9110 5.6.2: tchar
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
        || QByteArrayView("!#$%&'*+-.^_`|~").contains(c);
}

bool isHidden(QChar c)
{
    // Controls (C0, DEL, C1 such as CSI) drive terminals; format characters (bidi overrides) reorder
    // what is shown around them.
    const QChar::Category category = c.category();
    return category == QChar::Other_Control || category == QChar::Other_Format || category == QChar::Separator_Line
        || category == QChar::Separator_Paragraph;
}
} // namespace

Refusal::Refusal(int httpStatus, const QByteArray& why, const QString& peer)
    : status(httpStatus)
    , reason(printable(why))
    , remote(peer)
    , atMs(QDateTime::currentMSecsSinceEpoch())
{
}

QString Refusal::printable(const QByteArray& bytes, qsizetype maxChars)
{
    const QString text = QString::fromUtf8(bytes.left(maxChars * 4));
    QString out;
    out.reserve(qMin(text.size(), maxChars) + 1);
    qsizetype shown = 0;
    for (qsizetype i = 0; i < text.size() && shown < maxChars; ++i, ++shown) {
        const QChar c = text.at(i);
        if (c.unicode() < 0x80 && isHidden(c)) {
            out += QStringLiteral("\\x%1").arg(c.unicode(), 2, 16, QLatin1Char('0'));
        } else if (isHidden(c)) {
            out += QStringLiteral("\\u{%1}").arg(c.unicode(), 4, 16, QLatin1Char('0'));
        } else {
            out += c;
        }
    }
    if (shown < text.size() || bytes.size() > maxChars * 4) {
        out += QChar(0x2026);
    }
    return out;
}

void Refusal::readRequestLine(const QByteArray& head)
{
    // RFC 9112 2.2: empty lines before the request line are allowed (and ignored).
    qsizetype i = 0;
    while (i < head.size() && (head.at(i) == '\r' || head.at(i) == '\n')) {
        ++i;
    }
    const qsizetype methodStart = i;
    while (i < head.size() && isTokenChar(head.at(i))) {
        ++i;
    }
    if (i == methodStart || i >= head.size() || head.at(i) != ' ') {
        return; // no whole method: nothing worth naming
    }
    method = printable(head.mid(methodStart, i - methodStart));
    const qsizetype targetStart = ++i;
    while (i < head.size() && head.at(i) != ' ' && head.at(i) != '\r' && head.at(i) != '\n') {
        ++i;
    }
    // A target cut off by the end of what was kept is still shown, marked as cut.
    const QByteArray targetBytes = head.mid(targetStart, i - targetStart);
    target = printable(targetBytes);
    if (i >= head.size() && !targetBytes.isEmpty() && !target.endsWith(QChar(0x2026))) {
        target += QChar(0x2026);
    }
}

QString Refusal::requestText() const
{
    if (method.isEmpty()) {
        return {};
    }
    return target.isEmpty() ? method : method + QLatin1Char(' ') + target;
}

QString Refusal::toLine() const
{
    const QString request = requestText();
    // Status 0: turned away before HTTP (a failed TLS handshake), with no answer to name.
    const QString what = status == 0 ? tr("connection", "refused connection from ...") : QString::number(status);
    if (request.isEmpty()) {
        return tr("refused %1 from %2: %3").arg(what, remote, reason);
    }
    return tr("refused %1 from %2 (%3): %4").arg(what, remote, request, reason);
}
