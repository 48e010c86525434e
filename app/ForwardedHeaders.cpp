#include "ForwardedHeaders.h"

HttpHeaders ForwardedHeaders::endToEnd(const HttpHeaders& headers)
{
    const QList<QByteArray> options = connectionOptions(headers);
    HttpHeaders kept;
    for (const HttpHeader& h : headers) {
        if (!staysBehind(h.name, options)) {
            kept.append(h);
        }
    }
    return kept;
}

bool ForwardedHeaders::staysBehind(const QByteArray& name, const QList<QByteArray>& options)
{
    static const char* const fields[] = {"connection", "keep-alive", "proxy-connection", "te", "trailer",
        "transfer-encoding", "upgrade", "proxy-authenticate", "proxy-authorization", "host", "content-length"};
    const QByteArray lower = name.toLower();
    for (const char* field : fields) {
        if (lower == field) {
            return true;
        }
    }
    return options.contains(lower);
}

QList<QByteArray> ForwardedHeaders::connectionOptions(const HttpHeaders& headers)
{
    QList<QByteArray> options;
    for (const HttpHeader& h : headers) {
        if (h.name.compare("connection", Qt::CaseInsensitive) == 0) {
            for (const QByteArray& option : h.value.split(',')) {
                options.append(option.trimmed().toLower());
            }
        }
    }
    return options;
}
