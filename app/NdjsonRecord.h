#pragma once

#include <QByteArray>
#include <QJsonObject>

struct ImportedEvent;
struct StoredEvent;

/// The NDJSON record contract: one event as one JSON object on one line (see README, "NDJSON record").
class NdjsonRecord
{
public:
    static QByteArray line(const StoredEvent& event);
    /// The record of @p event as an object (the JSON array export writes the same objects).
    static QJsonObject object(const StoredEvent& event);
    /// @p object as compact JSON without a line end, U+FEFF escaped so that Qt reads it back.
    static QByteArray compact(const QJsonObject& object);
    /// Reads one record line back (import); false with a short @p error when it can't be an event.
    /// The record's id, path, content_type and duplicate_of are not read: the history derives them.
    static bool parse(const QByteArray& line, ImportedEvent* imported, QString* error);

    /// "2026-11-29T01:53:00.123Z"
    static QString isoTime(qint64 msSinceEpoch);
    /// The text of @p bytes when they are valid UTF-8 (a leading BOM kept), else a null string.
    static QString utf8OrNull(const QByteArray& bytes);
    /// Header values and targets are bytes, nearly always ASCII or UTF-8: UTF-8 when valid, else Latin-1.
    static QString bytesAsText(const QByteArray& bytes);
};
