#include "TimeRangeButton.h"

#include <QAction>
#include <QCheckBox>
#include <QDateTime>
#include <QDateTimeEdit>
#include <QFrame>
#include <QGridLayout>
#include <QMenu>
#include <QPushButton>

namespace {

constexpr qint64 MinuteMs = 60 * 1000;
constexpr qint64 HourMs = 60 * MinuteMs;

qint64 startOfDay(const QDate& day)
{
    return day.startOfDay().toMSecsSinceEpoch();
}

} // namespace

TimeRangeButton::TimeRangeButton(QWidget* parent)
    : QToolButton(parent)
    , m_now([] { return QDateTime::currentMSecsSinceEpoch(); })
{
    setObjectName(QStringLiteral("timeRangeButton"));
    setPopupMode(QToolButton::InstantPopup);
    setToolButtonStyle(Qt::ToolButtonTextOnly);
    auto* menu = new QMenu(this);
    menu->setObjectName(QStringLiteral("timeRangeMenu"));
    setMenu(menu);
    addPreset(tr("Any time"), "anyTimeAction", [this] { choose(0, 0); });
    menu->addSeparator();
    addPreset(tr("Last 15 minutes"), "last15MinutesAction", [this] { chooseLast(15 * MinuteMs, tr("Last 15 min")); });
    addPreset(tr("Last hour"), "lastHourAction", [this] { chooseLast(HourMs, tr("Last hour")); });
    addPreset(tr("Last 24 hours"), "last24HoursAction", [this] { chooseLast(24 * HourMs, tr("Last 24 h")); });
    addPreset(tr("Today"), "todayAction", [this] { chooseToday(tr("Today")); });
    menu->addSeparator();
    addPreset(tr("Custom range\u2026"), "customRangeAction", [this] { showCustom(); });
    buildCustom();
    updateText();
}

void TimeRangeButton::setRange(qint64 since, qint64 until)
{
    m_since = since;
    m_until = until;
    updateText();
}

void TimeRangeButton::addPreset(const QString& text, const char* objectName, const std::function<void()>& onTriggered)
{
    QAction* action = menu()->addAction(text);
    action->setObjectName(QString::fromLatin1(objectName));
    connect(action, &QAction::triggered, this, onTriggered);
}

void TimeRangeButton::choose(qint64 since, qint64 until, const QString& preset)
{
    m_preset = preset;
    m_presetSince = since;
    m_presetUntil = until;
    setRange(since, until);
    emit rangeChosen(since, until);
}

void TimeRangeButton::chooseLast(qint64 ms, const QString& preset)
{
    choose(m_now() - ms, 0, preset);
}

void TimeRangeButton::chooseToday(const QString& preset)
{
    const QDate today = QDateTime::fromMSecsSinceEpoch(m_now()).toLocalTime().date();
    choose(startOfDay(today), startOfDay(today.addDays(1)), preset);
}

void TimeRangeButton::buildCustom()
{
    // A popup of the filter bar rather than a dialog: it closes on a click elsewhere, like a menu.
    m_custom = new QFrame(this, Qt::Popup);
    m_custom->setObjectName(QStringLiteral("customRangePopup"));
    m_custom->setFrameShape(QFrame::StyledPanel);
    m_sinceOn = new QCheckBox(tr("From"), m_custom);
    m_sinceOn->setObjectName(QStringLiteral("sinceCheckBox"));
    m_untilOn = new QCheckBox(tr("Until"), m_custom);
    m_untilOn->setObjectName(QStringLiteral("untilCheckBox"));
    m_sinceEdit = new QDateTimeEdit(m_custom);
    m_sinceEdit->setObjectName(QStringLiteral("sinceDateTimeEdit"));
    m_untilEdit = new QDateTimeEdit(m_custom);
    m_untilEdit->setObjectName(QStringLiteral("untilDateTimeEdit"));
    for (QDateTimeEdit* edit : {m_sinceEdit, m_untilEdit}) {
        edit->setDisplayFormat(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
        edit->setCalendarPopup(true);
        connect(edit, &QDateTimeEdit::dateTimeChanged, this, &TimeRangeButton::updateApply);
    }
    m_apply = new QPushButton(tr("Apply"), m_custom);
    m_apply->setObjectName(QStringLiteral("applyRangeButton"));
    m_apply->setDefault(true);
    auto* layout = new QGridLayout(m_custom);
    layout->addWidget(m_sinceOn, 0, 0);
    layout->addWidget(m_sinceEdit, 0, 1);
    layout->addWidget(m_untilOn, 1, 0);
    layout->addWidget(m_untilEdit, 1, 1);
    layout->addWidget(m_apply, 2, 1, Qt::AlignRight);
    connect(m_sinceOn, &QCheckBox::toggled, m_sinceEdit, &QWidget::setEnabled);
    connect(m_untilOn, &QCheckBox::toggled, m_untilEdit, &QWidget::setEnabled);
    connect(m_sinceOn, &QCheckBox::toggled, this, &TimeRangeButton::updateApply);
    connect(m_untilOn, &QCheckBox::toggled, this, &TimeRangeButton::updateApply);
    connect(m_apply, &QPushButton::clicked, this, &TimeRangeButton::applyCustom);
}

void TimeRangeButton::showCustom()
{
    // Starts from the range shown; an open range offers the last hour, open at the end.
    const qint64 now = m_now();
    m_sinceOn->setChecked(m_since != 0 || m_until == 0);
    m_untilOn->setChecked(m_until != 0);
    m_sinceEdit->setEnabled(m_sinceOn->isChecked());
    m_untilEdit->setEnabled(m_untilOn->isChecked());
    m_sinceEdit->setDateTime(QDateTime::fromMSecsSinceEpoch(m_since != 0 ? m_since : now - HourMs).toLocalTime());
    m_untilEdit->setDateTime(QDateTime::fromMSecsSinceEpoch(m_until != 0 ? m_until : now).toLocalTime());
    updateApply();
    m_custom->adjustSize();
    m_custom->move(mapToGlobal(rect().bottomLeft()));
    m_custom->show();
    m_sinceEdit->setFocus(Qt::PopupFocusReason);
}

void TimeRangeButton::applyCustom()
{
    if (!m_apply->isEnabled()) {
        return;
    }
    // Whole seconds, as the editors show them.
    const auto chosen = [](const QCheckBox* on, const QDateTimeEdit* edit) {
        return on->isChecked() ? edit->dateTime().toMSecsSinceEpoch() / 1000 * 1000 : 0;
    };
    const qint64 since = chosen(m_sinceOn, m_sinceEdit);
    const qint64 until = chosen(m_untilOn, m_untilEdit);
    m_custom->hide();
    choose(since, until);
}

void TimeRangeButton::updateApply()
{
    // An empty range would show nothing and say little about why.
    const bool both = m_sinceOn->isChecked() && m_untilOn->isChecked();
    m_apply->setEnabled(!both || m_untilEdit->dateTime() > m_sinceEdit->dateTime());
}

void TimeRangeButton::updateText()
{
    const bool preset = !m_preset.isEmpty() && m_since == m_presetSince && m_until == m_presetUntil;
    if (m_since == 0 && m_until == 0) {
        setText(tr("Any time"));
    } else if (preset) {
        setText(m_preset);
    } else if (m_until == 0) {
        setText(tr("From %1").arg(timeText(m_since)));
    } else if (m_since == 0) {
        setText(tr("Until %1").arg(timeText(m_until)));
    } else {
        setText(tr("%1 \u2013 %2").arg(timeText(m_since), timeText(m_until)));
    }
    const auto full = [](qint64 ms) {
        return QDateTime::fromMSecsSinceEpoch(ms).toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz"));
    };
    QString range;
    if (m_since != 0 || m_until != 0) {
        range = tr("From %1 until %2")
                    .arg(m_since != 0 ? full(m_since) : tr("the first event"),
                        m_until != 0 ? full(m_until) : tr("now, new events included"));
    } else {
        range = tr("Every event");
    }
    setToolTip(tr("%1\nChoose a time range, or drag across the timeline").arg(range));
}

QString TimeRangeButton::timeText(qint64 ms) const
{
    // The date only when it is not today: "14:05:00", "2026-11-28 14:05".
    const QDateTime time = QDateTime::fromMSecsSinceEpoch(ms).toLocalTime();
    const QDate today = QDateTime::fromMSecsSinceEpoch(m_now()).toLocalTime().date();
    return time.date() == today ? time.toString(QStringLiteral("HH:mm:ss"))
                                : time.toString(QStringLiteral("yyyy-MM-dd HH:mm"));
}
