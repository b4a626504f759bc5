// Written by Stormpad once; yours to edit (re-exports leave this file alone).
export default {
  cId: "65ac82b3-4aec-4de9-8123-ed1fe6a5576e",
  title: "Food delivery: design level",
  organizationName: "Acme Food",
  homepageLink: 'https://eventcatalog.dev/',
  landingPage: '',
};
