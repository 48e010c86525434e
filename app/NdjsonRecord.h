#pragma once

#include <QByteArray>

struct StoredEvent;

/// The NDJSON record contract: one event as one JSON object on one line (see README, "NDJSON record").
class NdjsonRecord
{
public:
    static QByteArray line(const StoredEvent& event);
    /// "2026-11-29T01:53:00.123Z"
    static QString isoTime(qint64 msSinceEpoch);
    /// The text of @p bytes when they are valid UTF-8 (a leading BOM kept), else a null string.
    static QString utf8OrNull(const QByteArray& bytes);
    /// Header values and targets are bytes, nearly always ASCII or UTF-8: UTF-8 when valid, else Latin-1.
    static QString bytesAsText(const QByteArray& bytes);
};
