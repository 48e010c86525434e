#pragma once

#include "EventFilter.h"

#include <QHash>
#include <QWidget>

class ChannelComboBox;
class QCheckBox;
class QComboBox;
class QLineEdit;
class QTimer;
class QToolButton;
class TimeRangeButton;

/// The controls above the table; every change emits filterChanged() with the combined filter.
class FilterBar : public QWidget
{
    Q_OBJECT

public:
    explicit FilterBar(QWidget* parent = nullptr);

    EventFilter filter() const;
    /// Shows @p filter in the controls and emits it.
    void setFilter(const EventFilter& filter);
    /// Clears every control, the time range included (Ctrl+L).
    void clear();
    /// Puts the keyboard focus into the text box (Ctrl+F).
    void focusSearch();
    /// Narrows to [@p since, @p until) (0 = open), as a drag across the timeline does; emits.
    void setTimeRange(qint64 since, qint64 until);
    /// Shows how many events each channel holds; the filter stays as it is and nothing is emitted.
    void setChannelCounts(const QHash<QString, qint64>& counts);

signals:
    void filterChanged(const EventFilter& filter);

private:
    void buildMethod();
    void emitChanged();
    void emitFilter();
    QString method() const;
    void setMethod(const QString& method);

    ChannelComboBox* m_channel;
    QComboBox* m_action;
    QComboBox* m_environment;
    QComboBox* m_method;
    QLineEdit* m_path;
    TimeRangeButton* m_range;
    QLineEdit* m_text;
    QCheckBox* m_duplicatesOnly;
    QCheckBox* m_problemsOnly;
    QToolButton* m_clear;
    QTimer* m_typing; ///< waits for a pause in typing before filtering
    EventFilter m_emitted; ///< the last filter emitted: a control that repeats it emits nothing
    bool m_updating = false;
};
