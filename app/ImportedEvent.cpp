#include "ImportedEvent.h"

#include "Envelope.h"

#include <cstring>

namespace {

// RFC 9110 5.6.2: token = 1*tchar.
bool isToken(const QByteArray& s)
{
    if (s.isEmpty()) {
        return false;
    }
    for (const char c : s) {
        const bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
        if (!alnum && (c == '\0' || !std::strchr("!#$%&'*+-.^_`|~", c))) {
            return false;
        }
    }
    return true;
}

bool hasControlOrSpace(const QByteArray& s)
{
    for (const char c : s) {
        const auto u = static_cast<unsigned char>(c);
        if (u <= 0x20 || u == 0x7f) {
            return true;
        }
    }
    return false;
}

bool isHttpVersion(const QByteArray& v)
{
    const auto digit = [&v](qsizetype i) { return v.at(i) >= '0' && v.at(i) <= '9'; };
    if (!v.startsWith("HTTP/")) {
        return false;
    }
    return (v.size() == 6 && digit(5)) || (v.size() == 8 && digit(5) && v.at(6) == '.' && digit(7));
}

} // namespace

QString ImportedEvent::problem() const
{
    const StoredEvent& e = event;
    if (!isToken(e.method)) {
        return QStringLiteral("method is not an HTTP token: %1").arg(QString::fromUtf8(e.method));
    }
    if (e.target.isEmpty()) {
        return QStringLiteral("target is empty");
    }
    if (hasControlOrSpace(e.target)) {
        return QStringLiteral("target holds a space or a control character");
    }
    if (!isHttpVersion(e.httpVersion)) {
        return QStringLiteral("http_version is not HTTP/n.n: %1").arg(QString::fromUtf8(e.httpVersion));
    }
    for (qsizetype i = 0; i < e.headers.size(); ++i) {
        const HttpHeader& h = e.headers.at(i);
        // The history keeps headers as "name: value" lines, as the capture accepts them.
        if (!isToken(h.name)) {
            return QStringLiteral("header %1: the name is not an HTTP token").arg(i + 1);
        }
        if (h.value.contains('\r') || h.value.contains('\n') || h.value.contains('\0')) {
            return QStringLiteral("header %1 (%2): the value holds CR, LF or NUL")
                .arg(i + 1)
                .arg(QString::fromLatin1(h.name));
        }
    }
    return {};
}

void ImportedEvent::complete(const Catalog& catalog)
{
    StoredEvent& e = event;
    e.path = CapturedRequest::pathOf(e.target);
    e.contentType = QByteArray();
    for (const HttpHeader& h : e.headers) {
        if (h.name.compare("content-type", Qt::CaseInsensitive) == 0) {
            e.contentType = h.value;
            break;
        }
    }
    const Envelope envelope = Envelope::parse(e.method, e.contentType, e.body, catalog);
    const struct
    {
        int flag;
        QString* field;
        const QString& read;
    } fields[] = {
        {Event, &e.event, envelope.event},
        {Channel, &e.channel, envelope.channel},
        {Action, &e.action, envelope.action},
        {Environment, &e.environment, envelope.environment},
        {IdempotencyKey, &e.idempotencyKey, envelope.idempotencyKey},
        {Message, &e.message, envelope.message},
    };
    for (const auto& f : fields) {
        if (!(carried & f.flag)) {
            *f.field = f.read;
        }
    }
    if (!(carried & Problems)) {
        e.problems = envelope.problems;
    }
    // A resource is a channel's: only where the event's channel is the one the body names.
    e.resourceId = e.channel == envelope.channel ? envelope.resourceId : QString();
    e.id = 0;
    e.duplicateOf = 0;
}
