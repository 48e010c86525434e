#include "EventTableModel.h"

#include "EventStore.h"
#include "EventSummary.h"
#include "IdQueryWorker.h"
#include "NdjsonRecord.h"

#include <QDateTime>
#include <QHash>
#include <QLocale>
#include <QThread>

#include <algorithm>

namespace {

// A page is what one query reads: small enough to be instant, large enough for a few screens.
constexpr qsizetype PageSize = 200;
// Pages kept: the screen the user looks at, where they just were, and some room to scroll back.
constexpr qsizetype CachedPages = 8;
// Workers left to finish the scans of replaced filters while a new one answers the current filter:
// beyond that, the current worker takes the new listing after its scan (it skips replaced ones).
constexpr std::size_t MaxRetiredLanes = 2;

/// Drops the leading ids of @p ids (newest first) that are above @p upTo.
void keepUpTo(QList<qint64>& ids, qint64 upTo)
{
    ids.erase(ids.cbegin(), std::find_if(ids.cbegin(), ids.cend(), [&](qint64 id) { return id <= upTo; }));
}

} // namespace

/// The summaries of PageSize consecutive rows. Pages are numbered from the oldest matching event
/// (the bottom row), not from row 0: new events are inserted at the top, so a page's rows and
/// number stay the same while events arrive, and only the newest page, which grows, is re-read.
struct EventTableModel::Page
{
    qsizetype number = 0;
    qsizetype rows = 0; ///< how many rows the page held when it was read
    QHash<qint64, EventSummary> byId;
};

/// A worker thread listing ids, with the number of its queries not yet done.
struct EventTableModel::Lane
{
    QThread thread;
    IdQueryWorker* worker = nullptr; ///< lives on thread, deleted there when it finishes
    int queries = 0;

    ~Lane()
    {
        thread.quit();
        thread.wait();
    }
};

EventTableModel::EventTableModel(QObject* parent)
    : QAbstractTableModel(parent)
{
}

EventTableModel::~EventTableModel()
{
    // Before the rest of the model goes: a worker may be finishing a scan and still answer.
    m_lane.reset();
    m_retired.clear();
}

bool EventTableModel::open(const QString& dbPath)
{
    beginResetModel();
    // The workers read the previous history: those still busy finish on their own.
    if (m_lane && m_lane->queries > 0) {
        m_retired.push_back(std::move(m_lane));
    }
    m_lane.reset();
    m_dbPath = dbPath;
    m_store = std::make_unique<EventStore>();
    // MustExist: the window only reads; the capture is the one that creates and writes the history.
    const bool ok = m_store->open(dbPath, EventStore::OpenMode::MustExist);
    if (ok) {
        m_error.clear();
        load();
    } else {
        m_error = m_store->errorString();
        m_store.reset();
        m_ids.clear();
        m_pages.clear();
        m_totalCount = 0;
        m_duplicateCount = 0;
        m_lastId = 0;
        ++m_generation;
        m_listing = Listing::Done;
    }
    endResetModel();
    emit listingChanged();
    emit countsChanged();
    return ok;
}

void EventTableModel::load()
{
    m_pages.clear();
    m_ids.clear();
    // The counts are the whole history's: from the counting indexes, a few ms on a million events.
    EventStore::Tally tally;
    if (!m_store->tally(tally)) {
        m_error = m_store->errorString();
        tally = {};
    }
    m_totalCount = tally.events;
    m_duplicateCount = tally.duplicates;
    m_lastId = tally.lastId;
    startListing(Listing::FirstRows);
}

void EventTableModel::startListing(Listing kind)
{
    ++m_generation;
    m_firstPageRows = 0;
    m_listedUpTo = m_lastId;
    if (m_lastId == 0) {
        m_listing = Listing::Done; // nothing to list
        return;
    }
    m_listing = kind;
    IdQueryWorker::Query query;
    query.generation = m_generation;
    query.filter = m_filter;
    // Ids after m_lastId are the arrivals': eventsStored() inserts them, the worker never lists them.
    query.upTo = m_lastId;
    // A refresh keeps the rows it has: it needs the whole list to compare, no first page.
    query.firstPage = kind == Listing::Refresh ? 0 : static_cast<int>(PageSize);
    Lane* lane = freeLane();
    for (const auto& retired : m_retired) {
        retired->worker->supersede(m_generation);
    }
    lane->worker->supersede(m_generation);
    ++lane->queries;
    IdQueryWorker* worker = lane->worker;
    QMetaObject::invokeMethod(
        worker, [worker, query] { worker->run(query); }, Qt::QueuedConnection);
}

EventTableModel::Lane* EventTableModel::freeLane()
{
    // A busy worker is most likely scanning for a filter the user has just left: let it finish on
    // its own, so that the new filter does not wait for it (seconds for a text search).
    if (m_lane && m_lane->queries > 0 && m_retired.size() < MaxRetiredLanes) {
        m_retired.push_back(std::move(m_lane));
    }
    if (!m_lane) {
        m_lane = std::make_unique<Lane>();
        m_lane->thread.setObjectName(QStringLiteral("table ids"));
        IdQueryWorker* worker = new IdQueryWorker(m_dbPath);
        m_lane->worker = worker;
        worker->moveToThread(&m_lane->thread);
        connect(&m_lane->thread, &QThread::finished, worker, &QObject::deleteLater);
        connect(worker, &IdQueryWorker::firstPage, this, &EventTableModel::insertFirstPage);
        connect(worker, &IdQueryWorker::allIds, this, &EventTableModel::insertAllIds);
        connect(worker, &IdQueryWorker::failed, this, &EventTableModel::listingFailed);
        connect(worker, &IdQueryWorker::done, this, [this, worker] { laneDone(worker); });
        m_lane->thread.start();
    }
    return m_lane.get();
}

void EventTableModel::laneDone(const IdQueryWorker* worker)
{
    if (m_lane && m_lane->worker == worker) {
        --m_lane->queries;
        return;
    }
    for (auto it = m_retired.begin(); it != m_retired.end(); ++it) {
        if ((*it)->worker == worker) {
            if (--(*it)->queries == 0) {
                m_retired.erase(it); // its thread is idle: it stops at once
            }
            return;
        }
    }
}

void EventTableModel::insertFirstPage(quint64 generation, const QList<qint64>& ids, bool complete)
{
    if (generation != m_generation || m_listing != Listing::FirstRows) {
        return; // a replaced filter's
    }
    // Only arrivals were inserted since the listing started, above every listed id.
    if (!ids.isEmpty()) {
        const int first = static_cast<int>(m_ids.size());
        beginInsertRows(QModelIndex(), first, first + static_cast<int>(ids.size()) - 1);
        m_ids.append(ids);
        m_pages.clear(); // numbered from the bottom, which moved
        endInsertRows();
    }
    m_firstPageRows = ids.size();
    setListing(complete ? Listing::Done : Listing::AllRows);
    emit countsChanged();
}

void EventTableModel::insertAllIds(quint64 generation, const QList<qint64>& ids)
{
    if (generation == m_generation && m_listing == Listing::Refresh) {
        dropUnlisted(ids);
        return;
    }
    if (generation != m_generation || m_listing != Listing::AllRows) {
        return;
    }
    const qsizetype arrivals = m_ids.size() - m_firstPageRows;
    // The first page is the newest part of the whole list: the rest goes below it, so that the
    // rows the user is looking at, and the selection, stay where they are.
    if (ids.size() >= m_firstPageRows && std::equal(m_ids.cbegin() + arrivals, m_ids.cend(), ids.cbegin())) {
        if (ids.size() > m_firstPageRows) {
            const int first = static_cast<int>(m_ids.size());
            beginInsertRows(QModelIndex(), first, first + static_cast<int>(ids.size() - m_firstPageRows) - 1);
            if (arrivals == 0) {
                m_ids = ids; // shared, not copied
            } else {
                m_ids.append(ids.mid(m_firstPageRows));
            }
            m_pages.clear();
            endInsertRows();
        }
    } else {
        // Another process deleted events between the two scans: show the list as it is now.
        beginResetModel();
        m_ids.resize(arrivals);
        m_ids.append(ids);
        m_pages.clear();
        endResetModel();
    }
    setListing(Listing::Done);
    emit countsChanged();
}

void EventTableModel::dropUnlisted(const QList<qint64>& ids)
{
    // Both lists are newest first; the rows above m_listedUpTo arrived since and are not compared.
    // Rows missing from the list are events deleted meanwhile (retention, another process). The list
    // cannot hold an event the table lacks, which had every row before: the rows deleted from the
    // table while the worker listed are the only ones it may have, and they stay out.
    QList<qint64> gone;
    auto listed = ids.cbegin();
    const auto start = std::lower_bound(m_ids.cbegin(), m_ids.cend(), m_listedUpTo, std::greater<qint64>());
    for (auto row = start; row != m_ids.cend(); ++row) {
        while (listed != ids.cend() && *listed > *row) {
            ++listed;
        }
        if (listed == ids.cend() || *listed != *row) {
            gone.append(*row);
        }
    }
    if (!gone.isEmpty()) {
        dropRows(gone);
    }
    setListing(Listing::Done);
    emit countsChanged();
}

void EventTableModel::listingFailed(quint64 generation, const QString& error)
{
    if (generation != m_generation) {
        return;
    }
    m_error = error;
    setListing(Listing::Done);
    emit countsChanged();
}

void EventTableModel::setListing(Listing listing)
{
    if (m_listing != listing) {
        m_listing = listing;
        emit listingChanged();
    }
}

void EventTableModel::reload()
{
    if (!m_store) {
        return;
    }
    // While a filter's rows are still coming, there is nothing to keep: list them again.
    if (m_listing == Listing::FirstRows || m_listing == Listing::AllRows) {
        relist();
        return;
    }
    // Otherwise the rows stay, and with them the selection and the scroll position, while a worker
    // lists the filter again; the rows of events deleted meanwhile go when its list arrives.
    recount();
    if (m_lastId == 0) {
        relist(); // the history is empty
        return;
    }
    startListing(Listing::Refresh);
    emit listingChanged();
    emit countsChanged();
}

void EventTableModel::relist()
{
    beginResetModel();
    load();
    endResetModel();
    emit listingChanged();
    emit countsChanged();
}

void EventTableModel::setFilter(const EventFilter& filter)
{
    // The filter bar may repeat itself; re-listing a million ids for nothing would waste a scan.
    if (filter == m_filter && m_store) {
        return;
    }
    beginResetModel();
    m_filter = filter;
    m_pages.clear();
    m_ids.clear();
    if (m_store) {
        startListing(Listing::FirstRows);
    }
    endResetModel();
    emit listingChanged();
    emit countsChanged();
}

void EventTableModel::eventsStored(const QList<qint64>& ids)
{
    if (!m_store || (!ids.isEmpty() && *std::max_element(ids.cbegin(), ids.cend()) <= m_lastId)) {
        return;
    }
    // One statement, one snapshot: the counts are exactly those of the events up to tally.lastId.
    EventStore::Tally tally;
    if (!m_store->tally(tally, m_lastId) || tally.lastId <= m_lastId) {
        return;
    }
    if (insertArrivals(tally.lastId)) {
        m_totalCount += tally.events;
        m_duplicateCount += tally.duplicates;
    }
    emit countsChanged();
}

bool EventTableModel::insertArrivals(qint64 upTo)
{
    bool ok = false;
    // Only ids after m_lastId: a listing still running on a worker stops there, so nothing is doubled.
    QList<qint64> fresh = m_store->ids(m_filter, m_lastId, &ok);
    const QList<qint64> retried = m_store->retriedAfter(m_lastId);
    if (!ok) {
        m_error = m_store->errorString();
        return false;
    }
    keepUpTo(fresh, upTo);
    m_lastId = upTo;

    if (!fresh.isEmpty()) {
        beginInsertRows(QModelIndex(), 0, static_cast<int>(fresh.size()) - 1);
        // Qt 6's QList keeps free room at its front for prepends: no copy of the million ids below.
        for (auto it = fresh.crbegin(); it != fresh.crend(); ++it) {
            m_ids.prepend(*it);
        }
        endInsertRows();
    }

    // First copies that got new retries show a new "×K": refresh those already read (the others
    // are read with the right count when they are shown).
    QList<qint64> cached;
    for (const qint64 id : retried) {
        for (const std::shared_ptr<Page>& page : std::as_const(m_pages)) {
            if (page->byId.contains(id)) {
                cached.append(id);
                break;
            }
        }
    }
    const QHash<qint64, int> counts = m_store->copyCounts(cached);
    for (const std::shared_ptr<Page>& page : std::as_const(m_pages)) {
        for (auto it = counts.cbegin(); it != counts.cend(); ++it) {
            const auto found = page->byId.find(it.key());
            if (found != page->byId.end() && found->duplicateOf == 0) {
                found->copies = it.value() > 1 ? it.value() : 0;
            }
        }
    }
    for (const qint64 id : retried) {
        const int row = rowOf(id);
        if (row >= 0) {
            emit dataChanged(index(row, 0), index(row, ColumnCount - 1));
        }
    }
    return true;
}

int EventTableModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_ids.size());
}

int EventTableModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

const EventTableModel::Page* EventTableModel::page(qsizetype number) const
{
    const qsizetype rows = std::min(PageSize, m_ids.size() - number * PageSize);
    for (qsizetype i = 0; i < m_pages.size(); ++i) {
        if (m_pages.at(i)->number == number) {
            if (m_pages.at(i)->rows != rows) {
                // The newest page grew since it was read.
                m_pages.removeAt(i);
                break;
            }
            m_pages.move(i, 0);
            return m_pages.constFirst().get();
        }
    }
    if (!m_store || rows <= 0) {
        return nullptr;
    }
    // Row r shows m_ids[size - 1 - b] for bottom index b; the page holds b in [number * PageSize, + rows).
    const qsizetype lastRow = m_ids.size() - 1 - number * PageSize;
    const QList<qint64> ids = m_ids.mid(lastRow - rows + 1, rows);
    auto fetched = std::make_shared<Page>();
    fetched->number = number;
    fetched->rows = rows;
    const QList<EventSummary> summaries = m_store->summaries(ids);
    for (const EventSummary& s : summaries) {
        fetched->byId.insert(s.id, s);
    }
    m_pages.prepend(fetched);
    while (m_pages.size() > CachedPages) {
        m_pages.removeLast();
    }
    return fetched.get();
}

const EventSummary* EventTableModel::summary(int row) const
{
    if (row < 0 || row >= m_ids.size()) {
        return nullptr;
    }
    const Page* p = page((m_ids.size() - 1 - row) / PageSize);
    if (!p) {
        return nullptr;
    }
    const auto it = p->byId.constFind(m_ids.at(row));
    return it == p->byId.constEnd() ? nullptr : &*it;
}

QString EventTableModel::sizeText(qint64 bytes)
{
    // Binary multiples with the familiar names ("1.2 KB"), as file managers show them; Qt's own
    // formattedDataSize() says "kB" in some locales and "KiB" in others.
    if (bytes < 1024) {
        return tr("%1 B", "bytes").arg(bytes);
    }
    const QStringList units = {tr("%1 KB"), tr("%1 MB"), tr("%1 GB"), tr("%1 TB")};
    double value = static_cast<double>(bytes) / 1024;
    qsizetype unit = 0;
    while (value >= 1024 && unit + 1 < units.size()) {
        value /= 1024;
        ++unit;
    }
    return units.at(unit).arg(QLocale().toString(value, 'f', 1));
}

QString EventTableModel::duplicateText(const EventSummary& s) const
{
    if (s.duplicateOf > 0) {
        return s.conflict ? tr("conflict with #%1").arg(s.duplicateOf) : tr("duplicate of #%1").arg(s.duplicateOf);
    }
    if (s.copies > 1) {
        return tr("\u00d7%1", "how many events share the key").arg(s.copies);
    }
    return {};
}

QVariant EventTableModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)) {
        return {};
    }
    if (role == EventIdRole) {
        return m_ids.at(index.row());
    }
    if (role == Qt::TextAlignmentRole) {
        const bool number = index.column() == Size || index.column() == Status;
        return QVariant::fromValue(
            Qt::Alignment(number ? Qt::AlignRight | Qt::AlignVCenter : Qt::AlignLeft | Qt::AlignVCenter));
    }
    if (role != Qt::DisplayRole && role < EventIdRole) {
        return {};
    }
    const EventSummary* s = summary(index.row());
    if (!s) {
        return {};
    }
    switch (role) {
    case DuplicateOfRole:
        return s->duplicateOf;
    case CopiesRole:
        return s->duplicateOf == 0 && s->copies > 1 ? s->copies : 0;
    case ConflictRole:
        return s->conflict;
    case EnvironmentRole:
        return s->environment.isNull() ? QString(QLatin1String("")) : s->environment;
    case HasProblemsRole:
        return s->hasProblems;
    case Qt::DisplayRole:
        break;
    default:
        return {};
    }
    // Every text is returned as data, never markup: the payload's "<b>" stays "<b>".
    switch (index.column()) {
    case Time:
        return QDateTime::fromMSecsSinceEpoch(s->receivedAtMs)
            .toLocalTime()
            .toString(QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz"));
    case Method:
        return QString::fromLatin1(s->method);
    case Path:
        return NdjsonRecord::bytesAsText(s->path);
    case Event:
        return s->event.isEmpty() ? QStringLiteral("\u2014") : s->event;
    case Environment:
        return s->environment;
    case Key:
        return s->idempotencyKey;
    case Size:
        return sizeText(s->bodySize);
    case Status:
        return QString::number(s->responseStatus);
    case Duplicate:
        return duplicateText(*s);
    default:
        return {};
    }
}

QVariant EventTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) {
        return QAbstractTableModel::headerData(section, orientation, role);
    }
    switch (section) {
    case Time:
        return tr("Time");
    case Method:
        return tr("Method", "HTTP method");
    case Path:
        return tr("Path");
    case Event:
        return tr("Event", "the webhook's event name");
    case Environment:
        return tr("Environment");
    case Key:
        return tr("Key", "idempotency key");
    case Size:
        return tr("Size");
    case Status:
        return tr("Status", "HTTP status answered");
    case Duplicate:
        return tr("Duplicate");
    default:
        return {};
    }
}

qint64 EventTableModel::eventId(int row) const
{
    return row >= 0 && row < m_ids.size() ? m_ids.at(row) : 0;
}

int EventTableModel::rowOf(qint64 id) const
{
    // m_ids is sorted newest (largest) first.
    const auto it = std::lower_bound(m_ids.cbegin(), m_ids.cend(), id, std::greater<qint64>());
    return it != m_ids.cend() && *it == id ? static_cast<int>(it - m_ids.cbegin()) : -1;
}

StoredEvent EventTableModel::event(qint64 id) const
{
    return m_store ? m_store->event(id) : StoredEvent();
}

QList<qint64> EventTableModel::copies(qint64 id) const
{
    return m_store ? m_store->copies(id) : QList<qint64>();
}

bool EventTableModel::remove(const QList<qint64>& ids)
{
    if (!m_store) {
        return false;
    }
    const bool ok = m_store->remove(ids);
    if (!ok) {
        m_error = m_store->errorString();
    }
    // A listing under way may have read the deleted events already: list again. (A refresh may
    // too, but it only ever takes rows out.)
    if (m_listing == Listing::FirstRows || m_listing == Listing::AllRows) {
        relist();
        return ok;
    }
    // Otherwise only the deleted rows go: the others, the selection and the scroll position stay.
    if (ok) {
        dropRows(ids);
    }
    recount();
    return ok;
}

void EventTableModel::dropRows(const QList<qint64>& ids)
{
    QList<int> rows;
    for (const qint64 id : ids) {
        const int row = rowOf(id);
        if (row >= 0) {
            rows.append(row);
        }
    }
    std::sort(rows.begin(), rows.end(), std::greater<int>());
    rows.erase(std::unique(rows.begin(), rows.end()), rows.end());
    // From the bottom up, a run of adjacent rows at a time, so that the rows above keep their numbers.
    for (qsizetype i = 0; i < rows.size();) {
        qsizetype j = i + 1;
        while (j < rows.size() && rows.at(j) == rows.at(j - 1) - 1) {
            ++j;
        }
        const int first = rows.at(j - 1);
        const int last = rows.at(i);
        beginRemoveRows(QModelIndex(), first, last);
        m_ids.remove(first, last - first + 1);
        m_pages.clear(); // numbered from the bottom, which moved; and retries may have a new first copy
        endRemoveRows();
        i = j;
    }
    m_pages.clear(); // hidden events may have been deleted too, first copies of rows shown
    if (!m_ids.isEmpty()) {
        emit dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
    }
}

void EventTableModel::recount()
{
    EventStore::Tally tally;
    if (!m_store->tally(tally)) {
        m_error = m_store->errorString();
        emit countsChanged();
        return;
    }
    m_totalCount = tally.events;
    m_duplicateCount = tally.duplicates;
    if (tally.lastId < m_lastId) {
        // The newest events were deleted: their rows go, and SQLite gives their ids again.
        const auto kept = std::lower_bound(m_ids.cbegin(), m_ids.cend(), tally.lastId, std::greater<qint64>());
        const QList<qint64> gone(m_ids.cbegin(), kept);
        if (!gone.isEmpty()) {
            dropRows(gone);
        }
        m_lastId = tally.lastId;
        m_listedUpTo = std::min(m_listedUpTo, m_lastId); // a refresh under way leaves the reused ids alone
    } else if (tally.lastId > m_lastId) {
        insertArrivals(tally.lastId); // committed, not yet announced, and counted already
    }
    emit countsChanged();
}

bool EventTableModel::clearHistory()
{
    if (!m_store) {
        return false;
    }
    const bool ok = m_store->clear();
    if (!ok) {
        m_error = m_store->errorString();
    }
    relist();
    return ok;
}
