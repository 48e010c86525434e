#include "EventTableModel.h"

#include "EventStore.h"
#include "EventSummary.h"
#include "NdjsonRecord.h"

#include <QDateTime>
#include <QHash>
#include <QLocale>

#include <algorithm>

namespace {

// A page is what one query reads: small enough to be instant, large enough for a few screens.
constexpr qsizetype PageSize = 200;
// Pages kept: the screen the user looks at, where they just were, and some room to scroll back.
constexpr qsizetype CachedPages = 8;

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

EventTableModel::EventTableModel(QObject* parent)
    : QAbstractTableModel(parent)
{
}

EventTableModel::~EventTableModel() = default;

bool EventTableModel::open(const QString& dbPath)
{
    beginResetModel();
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
    }
    endResetModel();
    emit countsChanged();
    return ok;
}

void EventTableModel::load()
{
    m_pages.clear();
    EventStore::Tally tally;
    bool ok = m_store->tally(tally);
    QList<qint64> ids = ok ? m_store->ids(m_filter, 0, &ok) : QList<qint64>();
    if (!ok) {
        m_error = m_store->errorString();
        tally = {};
        ids.clear();
    }
    // The capture may have committed between the two queries: what is newer than the tally's last
    // id is left for the next eventsStored(), which counts it too.
    const auto newer = std::find_if(ids.cbegin(), ids.cend(), [&](qint64 id) { return id <= tally.lastId; });
    ids.erase(ids.cbegin(), newer);
    m_ids = ids;
    m_totalCount = tally.events;
    m_duplicateCount = tally.duplicates;
    m_lastId = tally.lastId;
}

void EventTableModel::reload()
{
    if (!m_store) {
        return;
    }
    beginResetModel();
    load();
    endResetModel();
    emit countsChanged();
}

void EventTableModel::setFilter(const EventFilter& filter)
{
    // The filter bar may repeat itself; re-listing a million ids for nothing would stall the window.
    if (filter == m_filter && m_store) {
        return;
    }
    beginResetModel();
    m_filter = filter;
    if (m_store) {
        load();
    }
    endResetModel();
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
    bool ok = false;
    QList<qint64> fresh = m_store->ids(m_filter, m_lastId, &ok);
    const QList<qint64> retried = m_store->retriedAfter(m_lastId);
    if (!ok) {
        m_error = m_store->errorString();
        return;
    }
    fresh.erase(
        fresh.cbegin(), std::find_if(fresh.cbegin(), fresh.cend(), [&](qint64 id) { return id <= tally.lastId; }));
    m_lastId = tally.lastId;
    m_totalCount += tally.events;
    m_duplicateCount += tally.duplicates;

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
    emit countsChanged();
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
    reload();
    return ok;
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
    reload();
    return ok;
}
