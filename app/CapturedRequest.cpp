#include "CapturedRequest.h"

QByteArray CapturedRequest::header(const QByteArray& name) const
{
    for (const HttpHeader& h : headers) {
        if (h.name.compare(name, Qt::CaseInsensitive) == 0) {
            return h.value;
        }
    }
    return {};
}

QByteArray CapturedRequest::path() const
{
    return pathOf(target);
}

QByteArray CapturedRequest::pathOf(const QByteArray& target)
{
    QByteArray rest = target;
    // absolute-form (RFC 9112 3.2.2): skip "scheme://authority" to reach the path.
    const qsizetype scheme = rest.indexOf("://");
    if (scheme > 0 && !rest.startsWith('/')) {
        const qsizetype slash = rest.indexOf('/', scheme + 3);
        rest = slash < 0 ? QByteArrayLiteral("/") : rest.mid(slash);
    }
    const qsizetype end = [&rest] {
        for (qsizetype i = 0; i < rest.size(); ++i) {
            if (rest.at(i) == '?' || rest.at(i) == '#') {
                return i;
            }
        }
        return rest.size();
    }();
    return rest.left(end);
}
