#pragma once

#include "OutgoingRequest.h"
#include "Prompts.h"

#include <QDialog>

class QCheckBox;
class QLabel;
class QRadioButton;
class Secrets;
class TargetPicker;

/// Turning auto-forward on: the target (the resend dialog's picker), keep or fresh keys, and
/// whether events of one environment may go to a target marked as the other (asked once, here:
/// forwarding can't stop to ask for each event, so without it they are held back).
class ForwardDialog : public QDialog
{
    Q_OBJECT

public:
    ForwardDialog(Secrets* secrets, const Prompts& prompts, QWidget* parent = nullptr);

    TargetPicker* targetPicker() const { return m_picker; }
    OutgoingRequest::Key key() const;
    /// Events of one environment go to a target marked as the other too (confirmed by the user).
    bool crossEnvironments() const;
    /// Start: checks the URL, asks about crossing environments when ticked, then accept().
    bool startForwarding();

private:
    Prompts m_prompts;
    TargetPicker* m_picker;
    QRadioButton* m_keepKey;
    QRadioButton* m_freshKey;
    QCheckBox* m_cross;
    QLabel* m_status;
    bool m_crossConfirmed = false;
};
