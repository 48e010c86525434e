#pragma once

#include <QByteArray>
#include <QString>

/// What a table row shows of an event: no body, no headers (the window reads those on demand).
struct EventSummary
{
    qint64 id = 0;
    qint64 receivedAtMs = 0;
    QByteArray method;
    QByteArray path;
    QString event; ///< null when absent
    QString environment; ///< null when absent
    QString idempotencyKey; ///< null when absent
    qint64 bodySize = 0;
    int responseStatus = 0;
    qint64 duplicateOf = 0; ///< id of the first copy, 0 when the event is not a retry
    /// For a first copy whose key repeats: how many events share its key (itself included), else 0.
    int copies = 0;
    bool conflict = false; ///< a retry whose body differs from its first copy's
    bool hasProblems = false;
};
