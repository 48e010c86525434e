#pragma once

#include "ExportWriter.h"

/**
 * CSV after RFC 4180, for spreadsheets: a header row, then one row per event, CRLF line ends,
 * UTF-8 without a BOM. See README, "Export formats".
 */
class CsvWriter : public ExportWriter
{
public:
    explicit CsvWriter(QIODevice& out)
        : m_out(out)
    {
    }
    bool begin() override;
    bool write(const StoredEvent& event) override;

    static QStringList columns();
    /// The cells of @p event's row, in columns() order, before quoting.
    static QStringList cells(const StoredEvent& event);
    /// One row: each cell made safe for spreadsheets (a leading = + - @ tab or CR gets a ') and
    /// quoted where RFC 4180 needs it, then CRLF.
    static QByteArray row(const QStringList& cells);
    /// The body as text when it is valid UTF-8 without NUL, else "base64:" and its base64; a text
    /// body that itself starts with "base64:" is written in base64 too, so the prefix never lies.
    static QString bodyCell(const QByteArray& body);

private:
    QIODevice& m_out;
};
