#include "CatalogModel.h"

#include "Catalog.h"

#include <QApplication>
#include <QDateTime>
#include <QFont>
#include <QLocale>
#include <QPalette>
#include <QStyle>

#include <algorithm>

namespace {

constexpr quintptr GroupRow = 0;

QString timeText(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms).toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
}

} // namespace

void CatalogModel::Tally::add(const CatalogCount& c)
{
    if (c.environment == QLatin1String("staging")) {
        staging += c.count;
    } else if (c.environment == QLatin1String("production")) {
        production += c.count;
    } else {
        other += c.count;
    }
    lastSeenMs = std::max(lastSeenMs, c.lastSeenMs);
}

void CatalogModel::Tally::add(const Tally& t)
{
    staging += t.staging;
    production += t.production;
    other += t.other;
    lastSeenMs = std::max(lastSeenMs, t.lastSeenMs);
}

CatalogModel::Tally CatalogModel::Group::tally() const
{
    Tally sum;
    for (const Event& e : events) {
        sum.add(e.tally);
    }
    return sum;
}

CatalogModel::CatalogModel(QObject* parent)
    : CatalogModel(Catalog::builtIn(), parent)
{
}

CatalogModel::CatalogModel(const Catalog& catalog, QObject* parent)
    : QAbstractItemModel(parent)
{
    for (const Catalog::Channel& channel : catalog.channels()) {
        Group group;
        group.title = tr("%1 (%2)", "channel name (channel)").arg(channel.name, channel.channel);
        group.channel = channel.channel;
        for (const QString& action : channel.actions) {
            group.events.append({channel.channel, action, {}});
        }
        m_groups.append(group);
    }
    m_catalogGroups = int(m_groups.size());
}

void CatalogModel::setCounts(const QHash<QString, CatalogCount>& counts)
{
    QHash<QString, int> groupOfChannel;
    for (int g = 0; g < m_catalogGroups; ++g) {
        groupOfChannel.insert(m_groups.at(g).channel, g);
        for (Event& e : m_groups[g].events) {
            e.tally = {};
        }
    }
    QMap<QString, Event> outside; // by "channel.action", so that the group reads sorted
    for (const CatalogCount& c : counts) {
        const int g = groupOfChannel.value(c.channel, -1);
        Event* listed = nullptr;
        if (g >= 0) {
            for (Event& e : m_groups[g].events) {
                if (e.action == c.action) {
                    listed = &e;
                }
            }
        }
        if (listed) {
            listed->tally.add(c);
        } else {
            Event& e = outside[c.channel + QLatin1Char('.') + c.action];
            e.channel = c.channel;
            e.action = c.action;
            e.tally.add(c);
        }
    }
    // The outside group keeps its rows while their names stay; a name gone (deleted events) or a
    // new one changes its rows.
    QStringList names;
    for (const Event& e : std::as_const(outside)) {
        names.append(e.channel + QLatin1Char('.') + e.action);
    }
    QStringList listedNames;
    if (hasOutside()) {
        for (const Event& e : m_groups.at(m_catalogGroups).events) {
            listedNames.append(e.channel + QLatin1Char('.') + e.action);
        }
    }
    if (names != listedNames) {
        if (hasOutside()) {
            beginRemoveRows({}, m_catalogGroups, m_catalogGroups);
            m_groups.removeLast();
            endRemoveRows();
        }
        if (!outside.isEmpty()) {
            beginInsertRows({}, m_catalogGroups, m_catalogGroups);
            Group group;
            group.title = tr("Outside the catalog");
            group.events = outside.values();
            m_groups.append(group);
            endInsertRows();
        }
    } else if (hasOutside()) {
        m_groups[m_catalogGroups].events = outside.values();
    }
    for (int g = 0; g < m_groups.size(); ++g) {
        const QModelIndex group = index(g, 0);
        if (!m_groups.at(g).events.isEmpty()) {
            emit dataChanged(index(0, 0, group), index(int(m_groups.at(g).events.size()) - 1, ColumnCount - 1, group));
        }
    }
    if (!m_groups.isEmpty()) {
        emit dataChanged(index(0, 0), index(int(m_groups.size()) - 1, ColumnCount - 1));
    }
}

int CatalogModel::seenEvents() const
{
    int seen = 0;
    for (int g = 0; g < m_catalogGroups; ++g) {
        for (const Event& e : m_groups.at(g).events) {
            seen += e.tally.total() > 0 ? 1 : 0;
        }
    }
    return seen;
}

int CatalogModel::catalogEvents() const
{
    int all = 0;
    for (int g = 0; g < m_catalogGroups; ++g) {
        all += int(m_groups.at(g).events.size());
    }
    return all;
}

QModelIndex CatalogModel::indexOf(const QString& channel, const QString& action) const
{
    for (int g = 0; g < m_groups.size(); ++g) {
        const QList<Event>& events = m_groups.at(g).events;
        for (int row = 0; row < events.size(); ++row) {
            if (events.at(row).channel == channel && events.at(row).action == action) {
                return index(row, 0, index(g, 0));
            }
        }
    }
    return {};
}

QModelIndex CatalogModel::outsideGroup() const
{
    return hasOutside() ? index(m_catalogGroups, 0) : QModelIndex();
}

QModelIndex CatalogModel::index(int row, int column, const QModelIndex& parent) const
{
    if (column < 0 || column >= ColumnCount || row < 0) {
        return {};
    }
    if (!parent.isValid()) {
        return row < m_groups.size() ? createIndex(row, column, GroupRow) : QModelIndex();
    }
    if (parent.internalId() != GroupRow || parent.row() >= m_groups.size()
        || row >= m_groups.at(parent.row()).events.size()) {
        return {};
    }
    return createIndex(row, column, quintptr(parent.row()) + 1);
}

QModelIndex CatalogModel::parent(const QModelIndex& child) const
{
    if (!child.isValid() || child.internalId() == GroupRow) {
        return {};
    }
    return createIndex(int(child.internalId() - 1), 0, GroupRow);
}

int CatalogModel::rowCount(const QModelIndex& parent) const
{
    if (!parent.isValid()) {
        return int(m_groups.size());
    }
    if (parent.column() != 0 || parent.internalId() != GroupRow || parent.row() >= m_groups.size()) {
        return 0;
    }
    return int(m_groups.at(parent.row()).events.size());
}

int CatalogModel::columnCount(const QModelIndex&) const
{
    return ColumnCount;
}

const CatalogModel::Group* CatalogModel::groupOf(const QModelIndex& index) const
{
    if (!index.isValid() || index.internalId() != GroupRow || index.row() >= m_groups.size()) {
        return nullptr;
    }
    return &m_groups.at(index.row());
}

const CatalogModel::Event* CatalogModel::eventOf(const QModelIndex& index) const
{
    if (!index.isValid() || index.internalId() == GroupRow) {
        return nullptr;
    }
    const qsizetype g = qsizetype(index.internalId() - 1);
    if (g >= m_groups.size() || index.row() >= m_groups.at(g).events.size()) {
        return nullptr;
    }
    return &m_groups.at(g).events.at(index.row());
}

QVariant CatalogModel::text(const Tally& tally, int column, bool seen) const
{
    const auto number = [](qint64 n) { return n == 0 ? QString() : QLocale().toString(n); };
    switch (column) {
    case Staging:
        return number(tally.staging);
    case Production:
        return number(tally.production);
    case Other:
        return number(tally.other);
    case LastSeen:
        return seen ? timeText(tally.lastSeenMs) : tr("not yet seen");
    default:
        return {};
    }
}

QVariant CatalogModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid)) {
        return {};
    }
    if (const Group* group = groupOf(index)) {
        return groupData(*group, index.column(), role);
    }
    if (const Event* event = eventOf(index)) {
        return eventData(*event, index.column(), role);
    }
    return {};
}

QVariant CatalogModel::groupData(const Group& group, int column, int role) const
{
    const Tally tally = group.tally();
    const bool outside = group.channel.isEmpty();
    const bool seen = tally.total() > 0;
    int seenEvents = 0;
    for (const Event& e : group.events) {
        seenEvents += e.tally.total() > 0 ? 1 : 0;
    }
    switch (role) {
    case Qt::DisplayRole:
        if (column == Name) {
            return outside ? group.title
                           : tr("%1 \u00b7 %2 of %3 seen").arg(group.title).arg(seenEvents).arg(group.events.size());
        }
        return text(tally, column, seen);
    case Qt::DecorationRole:
        return column == Name && outside ? QApplication::style()->standardIcon(QStyle::SP_MessageBoxWarning)
                                         : QVariant();
    case Qt::ToolTipRole:
        return outside ? tr("Events whose channel the catalog lacks, or whose action their channel doesn't offer. "
                            "Each of them carries a problem saying so.")
                       : QVariant();
    case ChannelRole:
        return group.channel;
    case ActionRole:
        return QString();
    case TotalRole:
        return tally.total();
    case SeenRole:
        return seen;
    case OutsideRole:
        return outside;
    default:
        break;
    }
    return eventData({group.channel, QString(), tally}, column, role);
}

QVariant CatalogModel::eventData(const Event& event, int column, int role) const
{
    const bool seen = event.tally.total() > 0;
    const bool outside = !Catalog::builtIn().offers(event.channel, event.action);
    switch (role) {
    case Qt::DisplayRole:
        if (column == Name) {
            return outside ? event.channel + QLatin1Char('.') + event.action : event.action;
        }
        return text(event.tally, column, seen);
    case Qt::DecorationRole:
        return column == Name && outside ? QApplication::style()->standardIcon(QStyle::SP_MessageBoxWarning)
                                         : QVariant();
    case Qt::ToolTipRole:
        if (outside) {
            return Catalog::builtIn().hasChannel(event.channel)
                ? tr("The channel %1 doesn't offer %2 (it offers %3).")
                      .arg(event.channel, event.action,
                          Catalog::builtIn().actions(event.channel).join(QLatin1String(", ")))
                : tr("The catalog has no channel %1.").arg(event.channel);
        }
        return seen ? tr("%1.%2: double-click to show its events").arg(event.channel, event.action)
                    : tr("%1.%2 has not been received yet").arg(event.channel, event.action);
    case Qt::ForegroundRole:
        // "Not yet seen" at a glance: greyed, like a disabled item.
        return seen ? QVariant() : QVariant(QApplication::palette().brush(QPalette::Disabled, QPalette::Text));
    case Qt::FontRole:
        if (!seen) {
            QFont font;
            font.setItalic(true);
            return font;
        }
        return {};
    case Qt::TextAlignmentRole:
        return column == Name || column == LastSeen
            ? QVariant()
            : QVariant::fromValue(Qt::Alignment(Qt::AlignRight | Qt::AlignVCenter));
    case ChannelRole:
        return event.channel;
    case ActionRole:
        return event.action;
    case TotalRole:
        return event.tally.total();
    case SeenRole:
        return seen;
    case OutsideRole:
        return outside;
    default:
        return {};
    }
}

QVariant CatalogModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) {
        return {};
    }
    switch (section) {
    case Name:
        return tr("Channel event");
    case Staging:
        return tr("staging");
    case Production:
        return tr("production");
    case Other:
        return tr("other", "environment: none, or neither staging nor production");
    case LastSeen:
        return tr("Last seen");
    default:
        return {};
    }
}
