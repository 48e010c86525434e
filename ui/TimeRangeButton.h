#pragma once

#include <QToolButton>

#include <functional>

class QCheckBox;
class QDateTimeEdit;
class QFrame;
class QPushButton;

/**
 * @brief The filter bar's time range: a button that says the range and offers presets (last 15
 * minutes, last hour, last 24 hours, today) and a custom from/to.
 *
 * Times are ms since the epoch, [since, until), 0 for an open end, as in EventFilter; they are
 * shown and picked in local time, like the table. A preset is fixed when it is chosen: "last hour"
 * starts an hour before the click and stays open at the end, so live events keep coming in.
 */
class TimeRangeButton : public QToolButton
{
    Q_OBJECT

public:
    using Clock = std::function<qint64()>;

    explicit TimeRangeButton(QWidget* parent = nullptr);

    qint64 since() const { return m_since; }
    qint64 until() const { return m_until; }
    /// Shows [@p since, @p until) (0 = open); emits nothing.
    void setRange(qint64 since, qint64 until);
    /// Where presets count back from (the system clock unless a test sets another).
    void setClock(Clock clock) { m_now = std::move(clock); }

signals:
    /// The user chose a range.
    void rangeChosen(qint64 since, qint64 until);

private:
    void addPreset(const QString& text, const char* objectName, const std::function<void()>& onTriggered);
    void choose(qint64 since, qint64 until, const QString& preset = QString());
    void chooseLast(qint64 ms, const QString& preset);
    void chooseToday(const QString& preset);
    void buildCustom();
    void showCustom();
    void applyCustom();
    void updateApply();
    void updateText();
    QString timeText(qint64 ms) const;

    qint64 m_since = 0;
    qint64 m_until = 0;
    /// The preset that set the range, while the range is still what it set.
    QString m_preset;
    qint64 m_presetSince = 0;
    qint64 m_presetUntil = 0;
    Clock m_now;
    QFrame* m_custom = nullptr;
    QCheckBox* m_sinceOn = nullptr;
    QCheckBox* m_untilOn = nullptr;
    QDateTimeEdit* m_sinceEdit = nullptr;
    QDateTimeEdit* m_untilEdit = nullptr;
    QPushButton* m_apply = nullptr;
};
