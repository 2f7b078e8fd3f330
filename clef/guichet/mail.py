"""The confirmation e-mail an owner receives after the public form (French, with the private follow link).
Nothing personal is logged: the e-mail is sent through Django's mail backend only."""

from django.conf import settings
from django.core.mail import send_mail

from clef.guichet.models import OwnerRequest


def confirmation_text(request: OwnerRequest, follow_url: str) -> str:
    desk = request.desk
    contact = f"\nPour toute question : {desk.contact_email}\n" if desk.contact_email else ""
    return (
        "Bonjour,\n\n"
        f"Nous avons bien reçu votre proposition de logement sur « {desk.title} » "
        f"(demande n° {request.pk}, {request.commune.name}, {request.get_typology_display()}).\n\n"
        "La plateforme la confie à une structure de l'intermédiation locative de votre territoire, qui "
        f"s'engage à vous recontacter : elle dispose de {desk.acknowledge_days} jours pour prendre votre "
        "demande en charge.\n\n"
        "Suivez votre demande à tout moment avec ce lien personnel (ne le transmettez pas) :\n"
        f"{follow_url}\n"
        f"{contact}\n"
        "Si vous n'êtes pas à l'origine de cette demande, ignorez ce message.\n\n"
        f"{desk.title}\n"
    )


def send_confirmation(request: OwnerRequest, follow_url: str) -> None:
    send_mail(
        subject=f"{request.desk.title} : votre proposition de logement est bien reçue",
        message=confirmation_text(request, follow_url),
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=[request.email],
    )
