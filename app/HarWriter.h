#pragma once

#include "ExportWriter.h"

class QJsonObject;

/**
 * HAR 1.2 (the HTTP Archive browsers' devtools and HTTP Toolkit open): one entry per event, the
 * request as captured, Hookscope's answer as the response. Streamed: the log's head, then one
 * compact entry per line, then its tail. See README, "Export formats", for what HAR can't carry.
 */
class HarWriter : public ExportWriter
{
public:
    explicit HarWriter(QIODevice& out)
        : m_out(out)
    {
    }
    bool begin() override;
    bool write(const StoredEvent& event) override;
    bool finish() override;

    static QJsonObject entry(const StoredEvent& event);
    /// The request's URL: http://, the Host header (or localhost), the request-target; bytes that
    /// can't stand in a URL are percent-encoded.
    static QString url(const StoredEvent& event);

private:
    QIODevice& m_out;
    bool m_first = true;
};
