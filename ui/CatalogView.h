#pragma once

#include "CatalogWorker.h"
#include "EventFilter.h"

#include <QWidget>

#include <memory>

class CatalogCounter;
class CatalogModel;
class DriftCheck;
class QLabel;
class QModelIndex;
class QPushButton;
class QTableView;
class QTreeView;
class ShapeModel;

/**
 * @brief The catalog view: the provider's channels and events with what was received of each, per
 * environment ("not yet seen" greyed), the events outside the catalog apart, and below it the
 * selected channel event's data fields as learned, with a way to accept a new shape.
 *
 * Double-clicking a channel event (or a channel) asks for the table to be filtered to it.
 */
class CatalogView : public QWidget
{
    Q_OBJECT

public:
    explicit CatalogView(std::shared_ptr<DriftCheck> drift, QWidget* parent = nullptr);

    /// Shows the history at @p dbPath (which must exist), counting it at once.
    void open(const QString& dbPath);
    CatalogCounter* counter() const { return m_counter; }
    CatalogModel* model() const { return m_model; }
    ShapeModel* shapeModel() const { return m_shapes; }
    QTreeView* tree() const { return m_tree; }
    /// Selects channel event @p channel . @p action and shows its fields.
    void showChannelEvent(const QString& channel, const QString& action);
    /// The filter that shows the events of the catalog row @p index (none for the outside group).
    static EventFilter filterFor(const QModelIndex& index);

public slots:
    /// New events were committed.
    void eventsStored();
    /// Events were deleted or the history cleared.
    void refresh();

signals:
    void filterRequested(const EventFilter& filter);
    /// The counts changed (CatalogCounter::countsChanged).
    void countsChanged(bool whole);

private:
    void showCounts(bool whole);
    void currentChanged(const QModelIndex& current);
    void activated(const QModelIndex& index);
    void showSample(const ShapeSample& sample);
    void showExpected();
    void acceptNewest();
    void forget();

    std::shared_ptr<DriftCheck> m_drift;
    CatalogCounter* m_counter;
    CatalogModel* m_model;
    ShapeModel* m_shapes;
    QLabel* m_summary;
    QTreeView* m_tree;
    QLabel* m_shapeTitle;
    QLabel* m_shapeState;
    QTableView* m_shapeTable;
    QPushButton* m_accept;
    QPushButton* m_forget;
    QString m_channel; ///< the channel event shown below (catalog events only)
    QString m_action;
    qint64 m_shownTotal = -1; ///< its events when it was sampled
    ShapeSample m_sample;
};
