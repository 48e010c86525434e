#pragma once

#include "ExportWriter.h"

/// NDJSON: one record per line (NdjsonRecord), lossless and re-importable.
class NdjsonWriter : public ExportWriter
{
public:
    explicit NdjsonWriter(QIODevice& out)
        : m_out(out)
    {
    }
    bool write(const StoredEvent& event) override;

private:
    QIODevice& m_out;
};
