#pragma once

#include "EventFilter.h"
#include "StoredEvent.h"

#include <QAbstractTableModel>

#include <memory>

class EventStore;
struct EventSummary;

/**
 * @brief The history as a table, newest first, paged from SQLite on demand.
 *
 * The model never loads the history: it keeps the ids that match the filter and fetches rows in
 * pages (without their bodies) through its own read-only use of the history file, so a million
 * events cost a few megabytes. New events arrive through eventsStored(); those that match the
 * filter are inserted at the top without a reset, so selection and scroll position survive.
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
    /// Deletes the events @p ids from the history, then reload()s; false with errorString() on failure.
    bool remove(const QList<qint64>& ids);
    /// Deletes the whole history, then reload()s; false with errorString() on failure.
    bool clearHistory();

    qint64 totalCount() const { return m_totalCount; }
    qint64 duplicateCount() const { return m_duplicateCount; }

public slots:
    /// New events were committed (CaptureServer::eventsStored): show those that match.
    void eventsStored(const QList<qint64>& ids);
    /// Re-reads everything (after a delete, a retention run or another process's writes).
    void reload();

signals:
    void countsChanged();

private:
    struct Page;
    /// The summary shown in @p row, read with its page when that page is not cached; null on failure.
    const EventSummary* summary(int row) const;
    const Page* page(qsizetype number) const;
    QString duplicateText(const EventSummary& s) const;
    /// "512 B", "1.2 KB", "3.4 MB": 1024-based, one decimal.
    static QString sizeText(qint64 bytes);
    void load();

    std::unique_ptr<EventStore> m_store;
    QString m_error;
    EventFilter m_filter;
    QList<qint64> m_ids; ///< matching ids, newest first
    qint64 m_totalCount = 0;
    qint64 m_duplicateCount = 0;
    qint64 m_lastId = 0; ///< the newest id of the whole history seen so far (matching or not)
    mutable QList<std::shared_ptr<Page>> m_pages; ///< a small cache of recently shown pages
};
