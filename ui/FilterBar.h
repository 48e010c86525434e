#pragma once

#include "EventFilter.h"

#include <QWidget>

class QCheckBox;
class QComboBox;
class QLineEdit;
class QTimer;

/// The controls above the table; every change emits filterChanged() with the combined filter.
class FilterBar : public QWidget
{
    Q_OBJECT

public:
    explicit FilterBar(QWidget* parent = nullptr);

    EventFilter filter() const;
    void setFilter(const EventFilter& filter);
    /// Clears every control (Ctrl+L).
    void clear();
    /// Puts the keyboard focus into the text box (Ctrl+F).
    void focusSearch();

signals:
    void filterChanged(const EventFilter& filter);

private:
    void emitChanged();

    QComboBox* m_channel;
    QComboBox* m_action;
    QComboBox* m_environment;
    QLineEdit* m_text;
    QCheckBox* m_duplicatesOnly;
    QCheckBox* m_problemsOnly;
    QTimer* m_typing; ///< waits for a pause in typing before filtering
    bool m_updating = false;
};
