#pragma once

#include "CatalogCount.h"

#include <QAbstractItemModel>
#include <QHash>
#include <QStringList>

class Catalog;

/**
 * @brief The provider's catalog as a tree: its channels with their events as documented, each with
 * the events received per environment and when one was last seen; events outside the catalog
 * (unknown channels, actions a channel doesn't offer) in a group of their own after them.
 *
 * Channel events never seen are greyed and say "not yet seen", so the ones an integration has
 * never handled stand out. Counts come from setCounts() (CatalogCounter); the catalog part of the
 * tree never changes shape, the outside group grows as new names arrive.
 */
class CatalogModel : public QAbstractItemModel
{
    Q_OBJECT

public:
    enum Column { Name, Staging, Production, Other, LastSeen, ColumnCount };
    enum Role {
        ChannelRole = Qt::UserRole + 1, ///< QString: the channel of the row ("" for the outside group)
        ActionRole, ///< QString: the action of a channel event row, "" on a channel row
        TotalRole, ///< qint64: events received, every environment
        SeenRole, ///< bool: at least one event received
        OutsideRole, ///< bool: the outside group or one of its rows
    };

    explicit CatalogModel(QObject* parent = nullptr);
    explicit CatalogModel(const Catalog& catalog, QObject* parent = nullptr);

    /// Shows @p counts (CatalogCounter::counts()).
    void setCounts(const QHash<QString, CatalogCount>& counts);

    /// How many of the catalog's channel events were received at least once, and how many it has.
    int seenEvents() const;
    int catalogEvents() const;
    /// The index of channel event @p channel . @p action (column 0); invalid when it isn't listed.
    QModelIndex indexOf(const QString& channel, const QString& action) const;
    /// The row of the outside group (column 0); invalid while nothing outside the catalog arrived.
    QModelIndex outsideGroup() const;

    QModelIndex index(int row, int column, const QModelIndex& parent = QModelIndex()) const override;
    QModelIndex parent(const QModelIndex& child) const override;
    int rowCount(const QModelIndex& parent = QModelIndex()) const override;
    int columnCount(const QModelIndex& parent = QModelIndex()) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    /// Counts of one channel event (or a channel's, summed).
    struct Tally
    {
        qint64 staging = 0;
        qint64 production = 0;
        qint64 other = 0;
        qint64 lastSeenMs = 0;
        qint64 total() const { return staging + production + other; }
        void add(const CatalogCount& c);
        void add(const Tally& t);
    };
    struct Event
    {
        QString channel;
        QString action;
        Tally tally;
    };
    struct Group
    {
        QString title; ///< "Invoices (invoices)"
        QString channel; ///< "" for the outside group
        QList<Event> events;
        Tally tally() const;
    };
    /// Internal ids: 0 for a group row, group + 1 for a row in group.
    const Group* groupOf(const QModelIndex& index) const;
    const Event* eventOf(const QModelIndex& index) const;
    QVariant text(const Tally& tally, int column, bool seen) const;
    QVariant groupData(const Group& group, int column, int role) const;
    QVariant eventData(const Event& event, int column, int role) const;
    bool hasOutside() const { return m_groups.size() > m_catalogGroups; }

    QList<Group> m_groups; ///< the catalog's channels, then the outside group when it has rows
    int m_catalogGroups = 0;
};
