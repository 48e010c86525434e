#include "CopiesView.h"

#include "DiffView.h"
#include "EventRowDelegate.h"

#include <QAction>
#include <QDateTime>
#include <QEvent>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QToolButton>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace {

QLabel* plainLabel(const QString& objectName, QWidget* parent)
{
    auto* label = new QLabel(parent);
    label->setObjectName(objectName);
    label->setTextFormat(Qt::PlainText);
    label->setWordWrap(true);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    return label;
}

QAction* navigationAction(const QString& text, const QString& objectName, const QKeySequence& shortcut, QObject* parent)
{
    auto* action = new QAction(text, parent);
    action->setObjectName(objectName);
    action->setShortcut(shortcut);
    action->setToolTip(CopiesView::tr("%1 (%2)").arg(text, shortcut.toString(QKeySequence::NativeText)));
    return action;
}

} // namespace

CopiesView::CopiesView(QWidget* parent)
    : QWidget(parent)
    , m_message(plainLabel(QStringLiteral("copiesMessageLabel"), this))
    , m_content(new QWidget(this))
    , m_summary(plainLabel(QStringLiteral("copiesSummaryLabel"), m_content))
    , m_position(plainLabel(QStringLiteral("copyPositionLabel"), m_content))
    , m_firstAction(navigationAction(
          tr("First copy"), QStringLiteral("firstCopyAction"), QKeySequence(Qt::ALT | Qt::Key_Home), this))
    , m_previousAction(navigationAction(
          tr("Previous copy"), QStringLiteral("previousCopyAction"), QKeySequence(Qt::ALT | Qt::Key_Up), this))
    , m_nextAction(navigationAction(
          tr("Next copy"), QStringLiteral("nextCopyAction"), QKeySequence(Qt::ALT | Qt::Key_Down), this))
    , m_list(new QTreeWidget(m_content))
    , m_listNote(plainLabel(QStringLiteral("copiesListNoteLabel"), m_content))
    , m_verdict(plainLabel(QStringLiteral("copyVerdictLabel"), m_content))
    , m_diff(new DiffView(m_content))
{
    m_message->setAlignment(Qt::AlignCenter);
    m_content->setObjectName(QStringLiteral("copiesContentWidget"));
    connect(m_firstAction, &QAction::triggered, this, [this] { jump(0); });
    connect(m_previousAction, &QAction::triggered, this, [this] { jump(-1); });
    connect(m_nextAction, &QAction::triggered, this, [this] { jump(+1); });

    auto* navigation = new QHBoxLayout;
    for (QAction* action : navigationActions()) {
        auto* button = new QToolButton(m_content);
        button->setObjectName(action->objectName().replace(QLatin1String("Action"), QLatin1String("Button")));
        button->setDefaultAction(action);
        navigation->addWidget(button);
    }
    navigation->addWidget(m_position, 1);

    m_list->setObjectName(QStringLiteral("copiesTreeWidget"));
    m_list->setHeaderLabels({tr("Copy", "its position among the copies"), tr("Event"), tr("Received"),
        tr("Status", "HTTP status answered"), tr("Kind", "first copy, retry or conflict")});
    m_list->setRootIsDecorated(false);
    m_list->setUniformRowHeights(true);
    m_list->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_list->header()->setStretchLastSection(true);
    connect(m_list, &QTreeWidget::itemActivated, this, [this](QTreeWidgetItem* item) {
        const qint64 id = item->data(IdColumn, Qt::UserRole).toLongLong();
        if (id != m_current) {
            emit jumpRequested(id);
        }
    });
    m_verdict->setAutoFillBackground(true);
    m_verdict->setMargin(4);
    m_diff->setObjectName(QStringLiteral("conflictDiffView"));

    auto* content = new QVBoxLayout(m_content);
    content->setContentsMargins(0, 0, 0, 0);
    content->addWidget(m_summary);
    content->addLayout(navigation);
    content->addWidget(m_list, 1);
    content->addWidget(m_listNote);
    content->addWidget(m_verdict);
    content->addWidget(m_diff, 1);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(m_message, 1);
    layout->addWidget(m_content, 1);
    showMessage(QString());
}

QList<QAction*> CopiesView::navigationActions() const
{
    return {m_firstAction, m_previousAction, m_nextAction};
}

QString CopiesView::timeText(qint64 msSinceEpoch)
{
    return QDateTime::fromMSecsSinceEpoch(msSinceEpoch)
        .toLocalTime()
        .toString(QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz"));
}

void CopiesView::showMessage(const QString& message)
{
    m_copies = KeyCopies();
    m_current = 0;
    m_list->clear();
    m_message->setText(message);
    m_message->show();
    m_content->hide();
    updateNavigation();
}

void CopiesView::showLoading(qint64 id)
{
    m_current = id;
    const qsizetype index = m_copies.ids.indexOf(id);
    if (index < 0 || !m_content->isVisibleTo(this)) {
        showMessage(tr("Reading the copies\u2026"));
        m_current = id;
        return;
    }
    // Another copy of the key on screen: move the marks now, the rest follows when it is read.
    m_copies.eventId = id;
    m_copies.index = index;
    m_copies.conflict = false;
    m_copies.diff = JsonDiff::Result();
    markCurrent(id);
    updateNavigation();
    m_verdict->hide();
    m_diff->hide();
}

void CopiesView::setCopies(const KeyCopies& copies)
{
    if (!copies.repeats()) {
        showMessage(copies.ids.isEmpty() ? tr("This event has no idempotency key, so nothing can be a copy of it.")
                                         : tr("No other event carries this event's key: it has no copies."));
        return;
    }
    m_copies = copies;
    m_current = copies.eventId;
    m_message->hide();
    m_content->show();
    m_summary->setText(
        tr("%n event(s) carry the key %1. First seen %2 (#%3), last seen %4 (#%5).", nullptr,
            static_cast<int>(copies.ids.size()))
            .arg(copies.first.idempotencyKey, timeText(copies.first.receivedAtMs), QString::number(copies.first.id),
                timeText(copies.last.receivedAtMs), QString::number(copies.last.id)));
    fillList();
    if (copies.shown.size() < copies.ids.size()) {
        m_listNote->setText(
            tr("Listing copies %1 to %2 of %3, around this one.")
                .arg(QString::number(copies.shownFrom + 1), QString::number(copies.shownFrom + copies.shown.size()),
                    QString::number(copies.ids.size())));
        m_listNote->show();
    } else {
        m_listNote->hide();
    }
    markCurrent(copies.eventId);
    updateNavigation();
    showVerdict();
}

void CopiesView::fillList()
{
    m_list->clear();
    const QColor conflictTint = EventRowDelegate::tint(palette(), true, true, false);
    QList<QTreeWidgetItem*> items;
    for (qsizetype i = 0; i < m_copies.shown.size(); ++i) {
        const EventSummary& s = m_copies.shown.at(i);
        const QString kind = s.duplicateOf == 0 ? tr("first copy")
            : s.conflict                        ? tr("conflict: other data")
                                                : tr("retry, same body");
        auto* item = new QTreeWidgetItem({QString::number(m_copies.shownFrom + i + 1), tr("#%1").arg(s.id),
            timeText(s.receivedAtMs), QString::number(s.responseStatus), kind});
        item->setData(IdColumn, Qt::UserRole, s.id);
        if (s.conflict) {
            for (int column = 0; column < ColumnCount; ++column) {
                item->setBackground(column, conflictTint);
            }
        }
        items.append(item);
    }
    m_list->addTopLevelItems(items);
    for (int column = 0; column < KindColumn; ++column) {
        m_list->resizeColumnToContents(column);
    }
}

void CopiesView::markCurrent(qint64 id)
{
    for (int row = 0; row < m_list->topLevelItemCount(); ++row) {
        QTreeWidgetItem* item = m_list->topLevelItem(row);
        const bool current = item->data(IdColumn, Qt::UserRole).toLongLong() == id;
        QFont font = m_list->font();
        font.setBold(current);
        for (int column = 0; column < ColumnCount; ++column) {
            item->setFont(column, font);
        }
        if (current) {
            m_list->setCurrentItem(item);
            m_list->scrollToItem(item);
        }
    }
    m_position->setText(m_copies.index < 0
            ? QString()
            : tr("Copy %1 of %2").arg(QString::number(m_copies.index + 1), QString::number(m_copies.ids.size())));
}

void CopiesView::updateNavigation()
{
    const bool listed = m_copies.repeats() && m_copies.index >= 0;
    m_firstAction->setEnabled(listed && m_copies.index > 0);
    m_previousAction->setEnabled(listed && m_copies.index > 0);
    m_nextAction->setEnabled(listed && m_copies.index + 1 < m_copies.ids.size());
}

void CopiesView::showVerdict()
{
    QPalette verdictPalette = palette();
    m_diff->setVisible(m_copies.conflict);
    if (m_copies.conflict) {
        verdictPalette.setColor(QPalette::Window, EventRowDelegate::tint(palette(), true, true, false));
        m_verdict->setText(tr("Conflict: this event reuses the key of #%1 with other data (%2). A sender that "
                              "reuses a key for different data has a bug: a receiver that deduplicates by key "
                              "keeps the first and drops this one.")
                               .arg(QString::number(m_copies.ids.first()), DiffView::summary(m_copies.diff)));
        m_diff->setDiff(m_copies.diff);
    } else if (m_copies.index > 0) {
        m_verdict->setText(tr("A retry: the same body as the first copy, #%1.").arg(m_copies.ids.first()));
    } else {
        qsizetype conflicts = 0;
        for (const EventSummary& s : std::as_const(m_copies.shown)) {
            conflicts += s.conflict ? 1 : 0;
        }
        m_verdict->setText(tr("The first copy, retried %n time(s).", nullptr, static_cast<int>(m_copies.ids.size() - 1))
            + (conflicts == 0 ? QString()
                              : QLatin1Char(' ')
                        + tr("%n of the listed retries carry other data: select one to see how it differs.", nullptr,
                            static_cast<int>(conflicts))));
    }
    m_verdict->setPalette(verdictPalette);
    m_verdict->show();
}

void CopiesView::jump(int step)
{
    const qint64 id = step == 0 ? (m_copies.ids.isEmpty() ? 0 : m_copies.ids.first()) : m_copies.neighbour(step);
    if (id > 0 && id != m_current) {
        emit jumpRequested(id);
    }
}

void CopiesView::changeEvent(QEvent* event)
{
    QWidget::changeEvent(event);
    if (event->type() == QEvent::PaletteChange && m_copies.repeats()) {
        // The tints blend with the base colour: make them again for the new palette.
        fillList();
        markCurrent(m_current);
        if (m_verdict->isVisibleTo(this)) {
            showVerdict();
        }
    }
}
