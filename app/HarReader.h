#pragma once

#include <QJsonArray>
#include <QString>

struct ImportedEvent;

/**
 * Reads the requests of a HAR (1.1 or 1.2; browsers' devtools, HTTP Toolkit, Hookscope's own
 * export) as events. HAR is one JSON document, so it is read whole; its entries are then turned
 * into events one at a time.
 */
class HarReader
{
public:
    /// Parses @p document; false with @p error when it is no HAR, and @p line (1-based) set to
    /// the line of a JSON syntax error (0 otherwise).
    bool open(const QByteArray& document, QString* error, qint64* line);
    qsizetype count() const { return m_entries.size(); }
    /// Entry @p index (0-based) as an event; false with a short @p error when it can't be one.
    bool entry(qsizetype index, ImportedEvent* imported, QString* error) const;

    /// The request-target of a HAR url: its path and query ("/" when it has no path), no fragment.
    static QByteArray targetOf(const QString& url);
    /// "HTTP/1.1" for "http/1.1" or an empty version, "HTTP/2" for Chrome's "h2", and so on.
    static QByteArray httpVersionOf(const QString& version);

private:
    QJsonArray m_entries;
};
