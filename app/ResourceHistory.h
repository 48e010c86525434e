#pragma once

#include "EventSummary.h"
#include "JsonDiff.h"

#include <QList>
#include <QString>

#include <functional>

class EventStore;

/**
 * @brief Every event on one resource (same channel and data.id), oldest first, read as a story:
 * what each event did, what it changed in `data`, and where the order makes no sense.
 *
 * The rules: a retry (an event whose key arrived before) is a redelivery, not a step, so it gets
 * neither a diff nor warnings and the next step is compared with the step before it. A delete or
 * update that arrives before the resource's create is out of order, and so is anything after a
 * delete or a second create. A history with no create at all is not warned about event by event
 * (the resource may simply predate the capture), but says so once (noCreate).
 *
 * load() lists at most @p limit events around the one asked about (reading their bodies one at a
 * time), so that a resource with a pathological number of events can't flood whoever shows it;
 * the rules still see where the whole history was created and deleted.
 */
class ResourceHistory
{
public:
    static constexpr int DefaultLimit = 500;

    enum class Step { Create, Update, Delete, Other, Retry };

    struct Warning
    {
        enum class Kind {
            BeforeCreate, ///< an update or delete that arrived before the create (otherId)
            AfterDelete, ///< anything that arrived after the delete (otherId)
            CreatedAgain, ///< a create while the resource exists, created by otherId
        };
        Kind kind;
        qint64 otherId = 0;
        bool operator==(const Warning& o) const { return kind == o.kind && otherId == o.otherId; }
    };

    struct Entry
    {
        EventSummary event;
        Step step = Step::Other;
        /// The step this one's data is compared with (0 for creates, retries and the first step).
        qint64 previousId = 0;
        JsonDiff::Result diff; ///< of `data`, against previousId's (Outcome::Same while not compared)
        QList<Warning> warnings;
    };

    QString channel;
    QString resourceId; ///< null when the event has no resource
    QList<Entry> entries;
    qsizetype total = 0; ///< events on the resource (entries may hold fewer)
    qsizetype firstIndex = 0; ///< the position of entries.first() among all of them
    bool noCreate = false; ///< the resource has events but no create (it may predate the capture)

    /// Where a resource's story turns: its first create and its first delete (retries aside), 0
    /// for none. The rules only need these two, so they hold for any window of the history.
    struct Landmarks
    {
        qint64 firstCreate = 0;
        qint64 firstDelete = 0;
    };

    /// The step an event's action is (created, updated, deleted).
    static Step stepOf(const QString& event);
    /// The landmarks of @p events (oldest first), merged into @p landmarks.
    static void findLandmarks(const QList<EventSummary>& events, Landmarks& landmarks);
    /// Applies the ordering rules to @p events (one resource, oldest first, with the landmarks of
    /// every event of it, listed or not). No diffs yet: see compareData().
    static ResourceHistory fromSummaries(const QList<EventSummary>& events, const Landmarks& landmarks);
    /// The same, for a list that holds every event of the resource.
    static ResourceHistory fromSummaries(const QList<EventSummary>& events);
    /// Fills each entry's diff with the change of its `data` against previousId's, @p dataOf
    /// giving an event's data (read one at a time: only two are kept at once).
    void compareData(const std::function<QJsonValue(qint64 id)>& dataOf);

    /// The history of the resource that event @p id is about, at most @p limit events around it;
    /// no entries when it has no resource (or the history could not be read).
    static ResourceHistory load(EventStore& store, qint64 id, int limit = DefaultLimit);
    /// The `data` of a body, undefined when it has none (or is too large to compare).
    static QJsonValue dataOf(const QByteArray& body);
};
