#pragma once

#include "ExportWriter.h"

/// A JSON array of the NDJSON records: "[", one compact record per line, "]". One document for
/// tools that want one, and still diffable and greppable line by line.
class JsonArrayWriter : public ExportWriter
{
public:
    explicit JsonArrayWriter(QIODevice& out)
        : m_out(out)
    {
    }
    bool begin() override;
    bool write(const StoredEvent& event) override;
    bool finish() override;

private:
    QIODevice& m_out;
    bool m_first = true;
};
