#pragma once

#include "CatalogCount.h"
#include "Delivery.h"
#include "EventFilter.h"
#include "EventSummary.h"
#include "LearnedShape.h"
#include "SqliteStatement.h"
#include "StoredEvent.h"
#include "TimelineBucket.h"

#include <QFileInfo>
#include <QHash>
#include <QSqlDatabase>
#include <QSqlQuery>

#include <functional>

/**
 * @brief The SQLite history: one file, WAL, synchronous=FULL, schema versioned by user_version.
 *
 * Each EventStore owns its own connection and must be used on the thread that opened it. The
 * capture writer and every reader (export, the window) open their own, so readers never block
 * the writer. A file that is not a Hookscope history, or comes from a newer Hookscope, is refused
 * before anything is written to it.
 */
class EventStore
{
public:
    enum class OpenMode { CreateIfMissing, MustExist };

    static constexpr int SchemaVersion = 6;
    /// PRAGMA application_id of a Hookscope history ("Hksp").
    static constexpr qint32 ApplicationId = 0x486b7370;

    EventStore();
    ~EventStore();
    EventStore(const EventStore&) = delete;
    EventStore& operator=(const EventStore&) = delete;

    /// Where the history lives when no --db is given (created on first use).
    static QString defaultPath();

    bool open(const QString& path, OpenMode mode = OpenMode::CreateIfMissing);
    void close();
    bool isOpen() const { return m_db.isOpen(); }
    QString path() const { return m_path; }
    /// One line saying what went wrong last, for the user.
    QString errorString() const { return m_error; }

    bool begin();
    bool commit();
    void rollback();
    /// Stores @p event inside the open transaction; sets its id and duplicateOf. False on failure.
    bool insert(StoredEvent& event);

    // The text index (see TextIndex). Capture fills it lazily (EventWriter), so its end may lag
    // behind the newest events; the text filter compares those directly.

    /// Adds the next events that are not in the text index yet, oldest first, inside the open
    /// transaction: as many as fit in @p maxBytes of bodies and header blocks, and at least one when
    /// @p atLeastOne. Sets @p complete (when given) to whether every event is in the index now.
    /// False on failure, with the index and the transaction's events as they were.
    bool indexText(qint64 maxBytes, bool atLeastOne, bool* complete = nullptr);
    /// indexText() (at least one event) in a transaction of its own, committed without an fsync
    /// (synchronous=NORMAL for that one commit): the index only repeats what is on disk already,
    /// and the next capture commit makes it durable. False on failure.
    bool catchUpTextIndex(qint64 maxBytes, bool* complete = nullptr);
    /// The id up to which every event is in the text index (0: none); -1 when the query failed.
    qint64 textIndexedUpTo();

    /// The number of events @p filter lets through (every event by default); -1 when the query failed.
    qint64 count(const EventFilter& filter = {});
    /// Calls @p visit for every event that @p filter lets through with an id above @p afterId,
    /// oldest first, one row in memory at a time; stops early when @p visit returns false. False
    /// when the query failed.
    bool forEach(const EventFilter& filter, const std::function<bool(const StoredEvent&)>& visit, qint64 afterId = 0);
    bool forEach(const std::function<bool(const StoredEvent&)>& visit, qint64 afterId = 0)
    {
        return forEach(EventFilter(), visit, afterId);
    }

    // The window's read path: small queries through Qt Sql, never the capture's prepared statements.

    /// Totals over the events with an id above some id (every event for 0).
    struct Tally
    {
        qint64 events = 0;
        qint64 duplicates = 0; ///< events with duplicate_of set
        qint64 lastId = 0; ///< the newest id in the whole history, 0 when it is empty
    };
    /// The totals of the events with an id above @p afterId into @p tally; false when the query failed.
    bool tally(Tally& tally, qint64 afterId = 0);
    /// Ids of the events @p filter lets through with an id above @p afterId, newest first; only the
    /// newest @p limit of them when @p limit is positive. Sets @p ok (when given) to false when the
    /// query failed.
    QList<qint64> ids(const EventFilter& filter, qint64 afterId = 0, bool* ok = nullptr, int limit = 0);
    /// The row summaries of the events @p ids, in the order of @p ids; ids not in the history are left out.
    QList<EventSummary> summaries(const QList<qint64>& ids);
    /// The whole event @p id, body and headers included; id 0 when there is none.
    StoredEvent event(qint64 id);
    /// Ids of every event sharing @p id's idempotency key, oldest first; empty when it has no key.
    QList<qint64> copies(qint64 id);
    // Deliveries: every attempt to resend or forward an event, and the target's answer.

    /// Stores @p delivery (its own statement, outside any capture batch) and sets its id; false on failure.
    bool addDelivery(Delivery& delivery);
    /// The attempts to send @p eventId, newest first, at most @p limit.
    QList<Delivery> deliveries(qint64 eventId, int limit = 100);
    /// The newest attempts with an id above @p afterId, newest first, at most @p limit: the delivery log.
    QList<Delivery> recentDeliveries(int limit = 500, qint64 afterId = 0);

    /// Ids of every event on the same resource as @p id (same channel and resource id, see
    /// Envelope::resourceId), @p id included, oldest first; empty when it has no resource id.
    QList<qint64> resourceHistory(qint64 id);
    /// For each of @p firstIds: how many events share its key, itself included (1 when none repeats it).
    QHash<qint64, int> copyCounts(const QList<qint64>& firstIds);
    /// The first copies that got a retry with an id above @p afterId.
    QList<qint64> retriedAfter(qint64 afterId);

    // The window's write path (delete, clear): Qt Sql in one IMMEDIATE transaction, so it waits for
    // the capture writer's busy timeout instead of interleaving with its batch.

    /// Deletes the events @p ids (ids not in the history are ignored). A retry whose first copy is
    /// deleted gets the oldest remaining copy of its key as its first copy, and that copy stops
    /// being a retry: the history stays as if the deleted events had never arrived, which is also
    /// what the capture's min(id) lookup assumes for retries that arrive later. False on failure,
    /// with nothing deleted.
    bool remove(const QList<qint64>& ids);
    /// Deletes every event. False on failure, with nothing deleted.
    bool clear();

    // The timeline's read path. Both ignore the filter's since and until: the timeline sets those.

    /// The events @p filter lets through in [@p from, @p to) with an id above @p afterId, counted
    /// in @p buckets equal slices (one statement, grouped by slice), every slice listed, empty ones
    /// included. Empty when the range or the count is not positive, or when the query failed.
    QList<TimelineBucket> timeline(const EventFilter& filter, qint64 from, qint64 to, int buckets, qint64 afterId = 0);
    /// The oldest and newest received_at of the events @p filter lets through with an id above
    /// @p afterId into @p oldest and @p newest (both 0 when there are none); false when the query failed.
    bool timeSpan(const EventFilter& filter, qint64& oldest, qint64& newest, qint64 afterId = 0);

    // The filter bar's read path.

    /// How many events each channel holds (one statement, grouped by channel); "" counts the
    /// events without a channel. Empty, with errorString(), when the query failed (and @p ok, when
    /// given, set to false).
    QHash<QString, qint64> channelCounts(bool* ok = nullptr);

    // Retention's read path (app/Retention): which events to delete next, found through indexes
    // only, so a pass that finds nothing to delete costs a count and an index probe.

    /// At most @p limit ids of the events beyond the newest @p keepNewest (0: any number) or received
    /// before @p receivedBefore (ms since the epoch; 0: any age), oldest first, for remove(). Sets
    /// @p ok (when given) to false when a query failed.
    QList<qint64> expiredIds(qint64 keepNewest, qint64 receivedBefore, int limit, bool* ok = nullptr);

    // The catalog view's read path (ui/CatalogCounter): counts per channel event, and the bodies
    // its learned shape is shown from.

    /// The events with a channel and an id above @p afterId, counted per channel, action and
    /// environment (one statement, grouped), with the newest received_at and id of each group.
    /// Empty, with errorString(), when the query failed (and @p ok, when given, set to false).
    QList<CatalogCount> catalogCounts(qint64 afterId = 0, bool* ok = nullptr);
    /// The bodies of the newest @p limit events of @p channel and @p action, newest first.
    QList<QByteArray> recentBodies(const QString& channel, const QString& action, int limit, bool* ok = nullptr);

    // The learned data shapes (app/DriftCheck, saved by app/ShapeKeeper): a small table, kept when
    // the events are cleared, since it says what the provider sends, not what is in the history.

    /// Every learned shape. Sets @p ok (when given) to false when the query failed.
    QList<LearnedShape> dataShapes(bool* ok = nullptr);
    /// Stores @p shapes in one transaction, each replacing the one of its channel event (a shape
    /// of no events deletes it). False on failure, with nothing stored.
    bool saveDataShapes(const QList<LearnedShape>& shapes);

private:
    bool refuseUnusable(const QFileInfo& info, OpenMode mode);
    bool checkIdentity();
    bool migrate(int fromVersion);
    bool exec(const QString& sql);
    bool prepareStatements();
    bool setError(const QString& what, const class QSqlError& error);
    bool setError(const QString& what, const SqliteStatement& statement);
    bool run(SqliteStatement& statement, const QString& what);
    qint64 firstWithKey(const QByteArray& key);
    /// Takes the events @p ids out of the text index (those it holds), inside the open transaction.
    bool unindexText(const QList<qint64>& ids);
    /// ids() of a filter whose text goes through the text index, limited to the newest @p limit
    /// at most @p highest.
    QList<qint64> newestWithText(const EventFilter& filter, qint64 afterId, qint64 highest, bool* ok, int limit);
    /// The lowest and highest id received in @p filter's time range; *lowest > *highest when none was.
    bool timeRangeIds(const EventFilter& filter, qint64* lowest, qint64* highest);
    /// Runs @p sql with @p values bound in order and appends its first column to @p found.
    QList<Delivery> readDeliveries(const QString& sql, const QVariantList& values);
    bool selectIds(const QString& sql, const QVariantList& values, const QString& what, QList<qint64>* found);

    QString m_connectionName;
    QString m_path;
    QString m_error;
    QSqlDatabase m_db;
    // The capture hot path binds straight to SQLite (see SqliteStatement for the measurement).
    SqliteStatement m_insert;
    SqliteStatement m_findKey;
    SqliteStatement m_begin;
    SqliteStatement m_commit;
    SqliteStatement m_rollback;
    // The text index's writes (indexText), on the capture writer's connection.
    SqliteStatement m_textPending;
    SqliteStatement m_textInsert;
    SqliteStatement m_textMark;
    SqliteStatement m_textSavepoint;
    SqliteStatement m_textRelease;
    SqliteStatement m_textRollback;
    int m_userVersion = 0;
    OpenMode m_mode = OpenMode::CreateIfMissing;
};
