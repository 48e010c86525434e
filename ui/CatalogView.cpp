#include "CatalogView.h"

#include "Catalog.h"
#include "CatalogCounter.h"
#include "CatalogModel.h"
#include "DriftCheck.h"
#include "ShapeModel.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QSplitter>
#include <QTableView>
#include <QTreeView>
#include <QVBoxLayout>

namespace {

QLabel* plainLabel(const QString& objectName, QWidget* parent)
{
    auto* label = new QLabel(parent);
    label->setObjectName(objectName);
    label->setTextFormat(Qt::PlainText);
    label->setWordWrap(true);
    return label;
}

} // namespace

CatalogView::CatalogView(std::shared_ptr<DriftCheck> drift, QWidget* parent)
    : QWidget(parent)
    , m_drift(std::move(drift))
    , m_counter(new CatalogCounter(this))
    , m_model(new CatalogModel(this))
    , m_shapes(new ShapeModel(this))
    , m_summary(plainLabel(QStringLiteral("catalogSummaryLabel"), this))
    , m_tree(new QTreeView(this))
    , m_shapeTitle(plainLabel(QStringLiteral("shapeTitleLabel"), this))
    , m_shapeState(plainLabel(QStringLiteral("shapeStateLabel"), this))
    , m_shapeTable(new QTableView(this))
    , m_accept(new QPushButton(tr("Accept the newest shape"), this))
    , m_forget(new QPushButton(tr("Learn again"), this))
{
    setObjectName(QStringLiteral("CatalogView"));
    m_tree->setObjectName(QStringLiteral("catalogTreeView"));
    m_tree->setModel(m_model);
    m_tree->setUniformRowHeights(true);
    m_tree->setAlternatingRowColors(true);
    // The names always whole (a stretched first column shrank to "Cha" in a narrow dock, leaving
    // counts without their channel); a dock narrower than the columns scrolls sideways instead.
    m_tree->header()->setStretchLastSection(true);
    for (const int column :
        {CatalogModel::Name, CatalogModel::Staging, CatalogModel::Production, CatalogModel::Other}) {
        m_tree->header()->setSectionResizeMode(column, QHeaderView::ResizeToContents);
    }
    m_tree->setToolTip(tr("Double-click a channel event to show its events in the table"));
    m_shapeTable->setObjectName(QStringLiteral("shapeTableView"));
    m_shapeTable->setModel(m_shapes);
    m_shapeTable->verticalHeader()->hide();
    m_shapeTable->setWordWrap(false);
    m_shapeTable->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_shapeTable->horizontalHeader()->setStretchLastSection(true);
    m_shapeTable->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_accept->setObjectName(QStringLiteral("acceptShapeButton"));
    m_accept->setToolTip(tr("Expect the fields and types of this channel event's newest event from now on"));
    m_forget->setObjectName(QStringLiteral("forgetShapeButton"));
    m_forget->setToolTip(tr("Forget what was learned: the next events of this channel event are learned from"));

    auto* shapePane = new QWidget(this);
    auto* shapeLayout = new QVBoxLayout(shapePane);
    shapeLayout->setContentsMargins(0, 0, 0, 0);
    shapeLayout->addWidget(m_shapeTitle);
    shapeLayout->addWidget(m_shapeState);
    shapeLayout->addWidget(m_shapeTable, 1);
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(m_accept);
    buttons->addWidget(m_forget);
    buttons->addStretch(1);
    shapeLayout->addLayout(buttons);
    auto* splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(m_tree);
    splitter->addWidget(shapePane);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(m_summary);
    layout->addWidget(splitter, 1);

    connect(m_counter, &CatalogCounter::countsChanged, this, &CatalogView::showCounts);
    connect(m_counter, &CatalogCounter::sampled, this, &CatalogView::showSample);
    connect(m_counter, &CatalogCounter::sampleFailed, this,
        [this](const QString& error) { m_shapeState->setText(tr("Cannot read its events: %1").arg(error)); });
    connect(m_tree->selectionModel(), &QItemSelectionModel::currentRowChanged, this, &CatalogView::currentChanged);
    connect(m_tree, &QTreeView::activated, this, &CatalogView::activated);
    connect(m_accept, &QPushButton::clicked, this, &CatalogView::acceptNewest);
    connect(m_forget, &QPushButton::clicked, this, &CatalogView::forget);
    showCounts(true);
    showSample({});
}

void CatalogView::open(const QString& dbPath)
{
    m_counter->open(dbPath);
    m_shownTotal = -1;
    if (!m_channel.isEmpty()) {
        m_counter->sample(m_channel, m_action);
    }
}

void CatalogView::eventsStored()
{
    m_counter->eventsStored();
}

void CatalogView::refresh()
{
    m_counter->refresh();
}

void CatalogView::showCounts(bool whole)
{
    m_model->setCounts(m_counter->counts());
    const QModelIndex outside = m_model->outsideGroup();
    const QString seen = m_counter->isCounted()
        ? tr("%1 of %2 channel events seen").arg(m_model->seenEvents()).arg(m_model->catalogEvents())
        : tr("Counting the history…");
    m_summary->setText(
        outside.isValid() ? tr("%1 \u00b7 %2 outside the catalog").arg(seen).arg(m_model->rowCount(outside)) : seen);
    // The fields shown follow the events: read them again once more of them arrived.
    if (!m_channel.isEmpty()) {
        const qint64 total = m_model->indexOf(m_channel, m_action).data(CatalogModel::TotalRole).toLongLong();
        if (total != m_shownTotal) {
            m_shownTotal = total;
            m_counter->sample(m_channel, m_action);
        }
    }
    emit countsChanged(whole);
}

void CatalogView::showChannelEvent(const QString& channel, const QString& action)
{
    const QModelIndex index = m_model->indexOf(channel, action);
    if (index.isValid()) {
        m_tree->expand(index.parent());
        m_tree->setCurrentIndex(index);
        m_tree->scrollTo(index);
    }
    if (channel == m_channel && action == m_action) {
        showExpected(); // already shown: what is expected may have changed
    }
}

EventFilter CatalogView::filterFor(const QModelIndex& index)
{
    EventFilter filter;
    const QString channel = index.data(CatalogModel::ChannelRole).toString();
    const QString action = index.data(CatalogModel::ActionRole).toString();
    if (!channel.isEmpty()) {
        filter.channels = QStringList {channel};
    }
    if (!action.isEmpty()) {
        filter.actions = QStringList {action};
    }
    return filter;
}

void CatalogView::activated(const QModelIndex& index)
{
    const EventFilter filter = filterFor(index.siblingAtColumn(0));
    if (!filter.channels.isEmpty()) {
        emit filterRequested(filter);
    }
}

void CatalogView::currentChanged(const QModelIndex& current)
{
    const QString channel = current.data(CatalogModel::ChannelRole).toString();
    const QString action = current.data(CatalogModel::ActionRole).toString();
    // Only the catalog's channel events have a learned shape.
    if (action.isEmpty() || !Catalog::builtIn().offers(channel, action)) {
        m_channel.clear();
        m_action.clear();
        showSample({});
        return;
    }
    if (channel == m_channel && action == m_action) {
        return;
    }
    m_channel = channel;
    m_action = action;
    m_shownTotal = current.data(CatalogModel::TotalRole).toLongLong();
    m_sample = {};
    m_shapes->clear();
    m_shapeTitle->setText(tr("Data fields of %1.%2").arg(channel, action));
    m_shapeState->setText(tr("Reading its newest events…"));
    m_counter->sample(channel, action);
}

void CatalogView::showSample(const ShapeSample& sample)
{
    if (m_channel.isEmpty()) {
        m_sample = {};
        m_shapes->clear();
        m_shapeTitle->setText(tr("Select a channel event to see the fields of its data."));
        m_shapeState->clear();
        m_accept->setEnabled(false);
        m_forget->setEnabled(false);
        return;
    }
    if (sample.fields.channel != m_channel || sample.fields.action != m_action) {
        return; // an answer for a channel event no longer shown
    }
    m_sample = sample;
    showExpected();
}

void CatalogView::showExpected()
{
    const LearnedShape expected = m_drift ? m_drift->shape(m_channel, m_action) : LearnedShape();
    m_shapes->setShapes(m_sample.fields, expected);
    const int learning = m_drift ? m_drift->learningEvents() : 0;
    QString state;
    if (m_sample.fields.events == 0) {
        state = tr("None received yet.");
    } else {
        state = m_sample.complete ? tr("Fields of its %1 events.").arg(m_sample.fields.events)
                                  : tr("Fields of its newest %1 events.").arg(m_sample.fields.events);
    }
    if (!m_drift) {
        // No drift check in this window: only what arrived.
    } else if (expected.events == 0) {
        state += QLatin1Char(' ') + tr("Nothing learned yet: its next %1 events are learned from.").arg(learning);
    } else if (expected.events < learning) {
        state += QLatin1Char(' ')
            + tr("Learning: %1 of %2 events so far; later events that differ are flagged.")
                  .arg(expected.events)
                  .arg(learning);
    } else {
        state += QLatin1Char(' ')
            + tr("Expected shape learned from %1 events: an event that differs is flagged with what changed.")
                  .arg(expected.events);
    }
    m_shapeState->setText(state);
    m_accept->setEnabled(m_drift && m_sample.fields.events > 0);
    m_forget->setEnabled(m_drift && expected.events > 0);
}

void CatalogView::acceptNewest()
{
    if (!m_drift || m_channel.isEmpty() || m_sample.fields.events == 0) {
        return;
    }
    m_drift->accept(m_channel, m_action, m_sample.newest);
    showExpected();
}

void CatalogView::forget()
{
    if (!m_drift || m_channel.isEmpty()) {
        return;
    }
    m_drift->forget(m_channel, m_action);
    showExpected();
}
