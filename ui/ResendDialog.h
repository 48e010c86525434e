#pragma once

#include "OutgoingRequest.h"
#include "Prompts.h"
#include "ResendScope.h"
#include "StoredEvent.h"

#include <QDialog>

class QCheckBox;
class QDialogButtonBox;
class QLabel;
class QRadioButton;
class RequestEditor;
class Secrets;
class TargetPicker;

/**
 * Resend one event, the selection, or everything the filter shows: the target (recent ones
 * offered, with their marking and auth), keep or fresh idempotency key, and for one event "Edit
 * before sending". Send checks everything first: the URL, the edited fields, a body that is not
 * JSON (sent as it is only once confirmed), and the guard rail (events of one environment to a
 * target marked as the other are sent only once confirmed). The dialog sends nothing itself.
 */
class ResendDialog : public QDialog
{
    Q_OBJECT

public:
    ResendDialog(Secrets* secrets, const Prompts& prompts, QWidget* parent = nullptr);

    /// One event: its scope is known, and it can be edited before sending.
    void setEvent(const StoredEvent& event);
    /// Several events, still being listed: @p description says which; Send waits for setScope().
    void setScopeLoading(const QString& description);
    void setScope(const ResendScope& scope);
    void setScopeError(const QString& error);

    const ResendScope& scope() const { return m_scope; }
    TargetPicker* targetPicker() const { return m_picker; }
    RequestEditor* editor() const { return m_editor; }
    OutgoingRequest::Key key() const;
    /// The user edited the single event: send editedRequest() instead of the stored event.
    bool isEditing() const;
    /// The edited request, addressed to the target, with a fresh key when chosen; auth not applied.
    const OutgoingRequest& editedRequest() const { return m_edited; }
    /// The user confirmed sending across environments (the guard rail asked, and was answered yes).
    bool crossEnvironmentsConfirmed() const { return m_crossConfirmed; }

    /// Send: the checks, the questions, then accept(); false (and the reason shown) when not sent.
    bool send();

private:
    void updateSendButton();
    bool prepareEdited(QString* error);
    bool confirmGuardRail();
    void showStatus(const QString& text);

    Prompts m_prompts;
    StoredEvent m_event; ///< the single event (id 0 for several)
    ResendScope m_scope;
    bool m_scopeReady = false;
    bool m_crossConfirmed = false;
    OutgoingRequest m_edited;
    QLabel* m_description;
    TargetPicker* m_picker;
    QRadioButton* m_keepKey;
    QRadioButton* m_freshKey;
    QCheckBox* m_edit;
    RequestEditor* m_editor;
    QLabel* m_status;
    QDialogButtonBox* m_buttons;
};
