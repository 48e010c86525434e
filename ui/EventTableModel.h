#pragma once

#include "EventFilter.h"
#include "StoredEvent.h"

#include <QAbstractTableModel>

#include <memory>
#include <vector>

class EventStore;
class IdQueryWorker;
struct EventSummary;

/**
 * @brief The history as a table, newest first, paged from SQLite on demand.
 *
 * The model never loads the history: it keeps the ids that match the filter and fetches rows in
 * pages (without their bodies) through its own read-only use of the history file, so a million
 * events cost a few megabytes. New events arrive through eventsStored(); those that match the
 * filter are inserted at the top without a reset, so selection and scroll position survive.
 *
 * Listing the ids of a filter can scan the whole history (seconds for a text search on a million
 * events), so it runs on a worker thread (IdQueryWorker, its own connection): a new filter empties
 * the table, its newest page of rows is inserted as soon as it is found, and the rest of them
 * below it once the scan is over (isListing() until then). Live arrivals keep being inserted at
 * the top meanwhile: the worker lists ids up to the newest the model had counted, arrivals are
 * the ids after it, so no row is lost or shown twice. A filter that is replaced before its scan
 * ends has its answers dropped, and its scan is left to finish on a thread of its own.
 */
class EventTableModel : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { Time, Method, Path, Event, Environment, Key, Size, Status, Duplicate, ColumnCount };
    enum Role {
        EventIdRole = Qt::UserRole + 1, ///< qint64 id of the row's event
        DuplicateOfRole, ///< qint64 id of the first copy, 0 when the event is not a retry
        CopiesRole, ///< int: for a first copy whose key repeats, how many events share the key (K of "×K"), else 0
        ConflictRole, ///< bool: a retry whose body differs from its first copy's
        EnvironmentRole, ///< QString environment ("" when absent), for colouring
        HasProblemsRole, ///< bool
    };

    explicit EventTableModel(QObject* parent = nullptr);
    ~EventTableModel() override;

    /// Reads the history at @p dbPath (which must exist); false with errorString() otherwise.
    bool open(const QString& dbPath);
    QString errorString() const { return m_error; }

    void setFilter(const EventFilter& filter);
    const EventFilter& filter() const { return m_filter; }

    int rowCount(const QModelIndex& parent = QModelIndex()) const override;
    int columnCount(const QModelIndex& parent = QModelIndex()) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    qint64 eventId(int row) const;
    /// The row showing event @p id, or -1 when the filter hides it.
    int rowOf(qint64 id) const;
    /// The whole event, body and headers included (read on demand, not cached).
    StoredEvent event(qint64 id) const;
    /// Ids of every event sharing @p id's idempotency key, oldest first (the copies of a retry).
    QList<qint64> copies(qint64 id) const;
    /// Deletes the events @p ids from the history and their rows from the table (the other rows
    /// stay, so the view keeps its place); false with errorString() on failure.
    bool remove(const QList<qint64>& ids);
    /// Deletes the whole history and empties the table; false with errorString() on failure.
    bool clearHistory();

    qint64 totalCount() const { return m_totalCount; }
    qint64 duplicateCount() const { return m_duplicateCount; }
    /// The filter's rows are still being listed: not every matching row is in the table yet.
    bool isListing() const { return m_listing != Listing::Done; }
    /// The filter's newest rows are in the table (so far as there are any): false only until the
    /// first page of a new listing arrives.
    bool hasFirstRows() const { return m_listing != Listing::FirstRows; }

public slots:
    /// New events were committed (CaptureServer::eventsStored): show those that match.
    void eventsStored(const QList<qint64>& ids);
    /// Re-reads the history (after a retention run or another process's deletes): the counts at
    /// once, and the rows of deleted events go once a worker has listed the filter again; the other
    /// rows stay where they are meanwhile (isListing() until then).
    void reload();

signals:
    /// The counts, the number of rows or isListing() changed.
    void countsChanged();
    /// isListing() or hasFirstRows() changed.
    void listingChanged();

private:
    /// What a listing still waits for: the first page, the rest (below it), or, for a refresh of
    /// the rows shown, the list to compare them with.
    enum class Listing { Done, FirstRows, AllRows, Refresh };
    struct Page;
    struct Lane;
    /// The summary shown in @p row, read with its page when that page is not cached; null on failure.
    const EventSummary* summary(int row) const;
    const Page* page(qsizetype number) const;
    QString duplicateText(const EventSummary& s) const;
    /// "512 B", "1.2 KB", "3.4 MB": 1024-based, one decimal.
    static QString sizeText(qint64 bytes);
    /// Re-reads the counts, empties the table and lists the filter's ids anew.
    void load();
    /// load() between a model reset.
    void relist();
    /// Takes out the rows up to m_listedUpTo that @p ids (the filter's list, as of now) lacks.
    void dropUnlisted(const QList<qint64>& ids);
    /// Inserts at the top the matching events after m_lastId up to @p upTo; false when unreadable.
    bool insertArrivals(qint64 upTo);
    /// Takes the rows of @p ids (deleted events) out of the table.
    void dropRows(const QList<qint64>& ids);
    /// Re-reads the whole history's counts (after a delete).
    void recount();
    /// Posts the listing of m_filter's ids up to m_lastId to a free worker.
    void startListing(Listing kind);
    Lane* freeLane();
    void laneDone(const IdQueryWorker* worker);
    void insertFirstPage(quint64 generation, const QList<qint64>& ids, bool complete);
    void insertAllIds(quint64 generation, const QList<qint64>& ids);
    void listingFailed(quint64 generation, const QString& error);
    void setListing(Listing listing);

    std::unique_ptr<EventStore> m_store;
    QString m_dbPath;
    QString m_error;
    EventFilter m_filter;
    QList<qint64> m_ids; ///< matching ids, newest first
    qint64 m_totalCount = 0;
    qint64 m_duplicateCount = 0;
    qint64 m_lastId = 0; ///< the newest id of the whole history seen so far (matching or not)
    mutable QList<std::shared_ptr<Page>> m_pages; ///< a small cache of recently shown pages

    Listing m_listing = Listing::Done;
    quint64 m_generation = 0; ///< of the current listing: answers of older ones are dropped
    qsizetype m_firstPageRows = 0; ///< rows the first page inserted (the arrivals are above them)
    qint64 m_listedUpTo = 0; ///< the bound of the current listing: ids above it are arrivals
    std::unique_ptr<Lane> m_lane; ///< the worker that takes the next listing
    std::vector<std::unique_ptr<Lane>> m_retired; ///< workers still busy with replaced listings
};
