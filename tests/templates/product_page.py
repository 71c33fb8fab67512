"""The template list of the product page (workflows-module.txt), in its order."""

from __future__ import annotations

PRODUCT_PAGE: tuple[tuple[str, str], ...] = (
    (
        "Collect Contact Email with AI",
        "Automate the collection of Email addresses using AI Agent and update their information "
        "on the platform seamlessly. Transition Contacts to agents when technical issues occur.",
    ),
    (
        "Collect Contact Phone Number with AI",
        "Automate the collection of Phone numbers using AI Agent and update their information "
        "on the platform seamlessly. Transition Contacts to agents when technical issues occur.",
    ),
    (
        "Assignment: AI Agent",
        "Assign contact to an AI agent every time a contact starts a conversation and hand it "
        "over to human agents should the need arise.",
    ),
    (
        "Assignment: Least Open Contacts",
        "Assign a Contact to the team member with the least open Contacts every time a Contact "
        "starts a conversation.",
    ),
    (
        "Assignment: Round Robin",
        "Assign a Contact to a team member round robin every time a Contact starts a conversation.",
    ),
    (
        "Assignment: Round Robin + Online Only",
        "Assign a Contact to an online team member round robin every time a Contact starts a "
        "conversation.",
    ),
    (
        "Assignment: Unassign After Conversation Closes",
        "Unassign Contact from a team member every time a conversation is closed.",
    ),
    (
        "Away Message",
        "Send an away message every time a Contact starts a conversation. Turn it on and off by "
        "toggling the workflow on and off.",
    ),
    (
        "Away Message with Business Hours",
        "Send an away message every time a Contact starts a conversation outside your business "
        "hours.",
    ),
    (
        "Click to Chat Ads: Appointment Scheduling",
        "Provides contact a link to your business calendar to enable them to schedule an "
        "appointment.",
    ),
    (
        "Mark Contact as Spam",
        "Create a shortcut button for agents to mark a Contact as spam and automatically close "
        "the conversation.",
    ),
    (
        "Routing: New & Returning Contacts",
        "Identify new and returning Contacts to route them differently every time a Contact "
        "starts a conversation.",
    ),
    (
        "Welcome Message",
        "Send a welcome message every time a Contact starts a conversation with you.",
    ),
    (
        "Welcome Message & Ask For Email",
        "Send a welcome message every time a Contact starts a conversation with you and ask for "
        "the email if you don't have it.",
    ),
    (
        "Welcome Message & Ask For Phone Number",
        "Send a welcome message every time a Contact starts a conversation with you and ask for "
        "the phone number if you don't have it.",
    ),
    (
        "Assignment: Sales and Support AI Agents",
        "Assign a contact to a Sales or Support AI agent based on contact choice every time a "
        "contact starts a conversation and handover to human agents should the need arise.",
    ),
    (
        "Click to Chat Ads: Assignment",
        "Assign a Contact to a team member with expertise in handling as inquiries every time a "
        "Contact starts a conversation from a Click to Chat ad.",
    ),
    (
        "Click to Chat Ads: Share Product Information + Route to Sales",
        "Send product information and direct interested contacts to Sales agents for contacts "
        "coming from CTC ads.",
    ),
    (
        "Issue Escalation",
        "Create a shortcut button to ensure agents follow the process & provide a summary when "
        "escalating issues to 2nd level support teams like Finance and Technical Support.",
    ),
    (
        "Multi-Level Chat Menu (Main Menu)",
        "Create an extensive chat menu with a wide range of interactive options for contacts to "
        "explore before assigning to an agent. Combine this with the Multi-Level Chat Menu (Sub) "
        "template to reveal more relevant options that interest contact or to return back to the "
        "Main Menu.",
    ),
    (
        "Multi-Level Chat Menu (Sub Menu)",
        "Show contacts a Sub Menu triggered from the Main Menu to answer FAQs and provide an "
        "option for contacts to return to the Main Menu.",
    ),
    (
        "Multi-Team Routing: Multiple Choice by Contact",
        "Assign a Contact to a team member based on the team the Contact wants to talk to every "
        "time a Contact starts a conversation.",
    ),
    (
        "Multi-Team Routing: Shifts",
        "Assign a Contact to a team member based on the current shift (business hours) every "
        "time a Contact starts a conversation.",
    ),
    (
        "Request Consent: Privacy",
        "Get a Contact's privacy consent before continuing the conversation.",
    ),
    (
        "Shift Transfer",
        "Enable your agents to transfer Contacts to the next shift using round robin logic & "
        "ensure agents provide a conversation summary.",
    ),
    (
        "Simple Chat Menu",
        "When contacts first message your business, you can automatically respond with a chat "
        "menu, offering self-service options for common inquiries and an option to speak to an "
        "agent. Show a chat menu to the Contact to answer frequently asked questions (FAQs) about "
        "products, services & your company and understand their interests before assigning to "
        "a live agent when required.",
    ),
    (
        "Welcome Message: Channel Specific",
        "Send a different welcome message to Contacts for each channel.",
    ),
    (
        "CSAT to Data Warehouse",
        "Send a CSAT to measure customer satisfaction of your agent's support after closing a "
        "conversation and send the data to a data warehouse for analysis.",
    ),
    (
        "CSAT to Google Sheets",
        "Send a CSAT to measure customer satisfaction of your agent's support after closing a "
        "conversation and send the data to a google sheet for analysis.",
    ),
    (
        "Routing: VIP Contacts",
        "Get contact data from a data warehouse to identify VIP contacts and route them for "
        "specialized service every time a contact starts a conversation.",
    ),
)

CATEGORIES = (
    "Assignment",
    "Routing",
    "Messages",
    "AI",
    "Click to Chat Ads",
    "Menus",
    "Escalation",
    "Consent",
    "CSAT",
)
