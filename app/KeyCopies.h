#pragma once

#include "EventSummary.h"
#include "JsonDiff.h"

#include <QList>

class EventStore;

/**
 * @brief Every event that carries one event's idempotency key: the first copy and its retries.
 *
 * All their ids are kept (a few bytes each), so moving between copies works however many there
 * are; the summaries, which a list shows, only for at most @p limit of them around the event.
 * For a conflict (a retry whose body differs from the first copy's) it holds the difference.
 */
class KeyCopies
{
public:
    static constexpr int DefaultLimit = 500;

    qint64 eventId = 0; ///< the event the copies were read for
    QList<qint64> ids; ///< every copy, oldest (the first copy) first; empty when the event has no key
    qsizetype index = -1; ///< eventId's position in ids
    QList<EventSummary> shown; ///< summaries of ids [shownFrom, shownFrom + shown.size())
    qsizetype shownFrom = 0;
    EventSummary first; ///< the first copy
    EventSummary last; ///< the newest copy
    bool conflict = false; ///< eventId is a retry whose body differs from the first copy's
    JsonDiff::Result diff; ///< of eventId's body against the first copy's, when it is a retry

    /// Whether the key repeats (there is anything to show).
    bool repeats() const { return ids.size() > 1; }
    /// The copy before (@p step -1), after (+1) eventId; 0 when there is none.
    qint64 neighbour(int step) const;

    static KeyCopies load(EventStore& store, qint64 id, int limit = DefaultLimit);
};
