#pragma once

#include "ExportWriter.h"

/**
 * Test fixtures: one pretty-printed JSON file per event in a folder, named after its envelope's
 * event and its id ("invoices.created-1042.json"; "request-7.json" without an event), each
 * written whole or not at all. See README, "Export formats".
 */
class FixtureWriter : public ExportWriter
{
public:
    /// Writes into the folder @p dir, which must exist.
    explicit FixtureWriter(const QString& dir)
        : m_dir(dir)
    {
    }
    bool write(const StoredEvent& event) override;

    /// "<event>-<id>.json" with the event reduced to letters, digits, '.', '_' and '-' (no leading
    /// '.'), "request-<id>.json" when nothing is left: always a plain name inside the folder.
    static QString fileName(const StoredEvent& event);
    /// The body re-indented when it is a JSON object or array (keys, their order and numbers as
    /// sent), else the event's NDJSON record, indented.
    static QByteArray content(const StoredEvent& event);
    /// @p json (valid JSON) indented by two spaces per level, its tokens kept as written.
    static QByteArray indent(const QByteArray& json);

private:
    QString m_dir;
};
